package io.berth.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DconfFormatTest {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  @Test
  void write_groupsByDirectoryRelativeToTheDumpedOne() {
    Map<ConfigPath, JsonNode> values = new LinkedHashMap<>();
    values.put(ConfigPath.of("/org/app/db/port"), NODES.numberNode(5432));
    values.put(ConfigPath.of("/org/app/db/host"), NODES.textNode("db.example"));
    values.put(ConfigPath.of("/org/app/name"), NODES.textNode("it's"));
    assertThat(DconfFormat.write(ConfigPath.of("/org/app/"), values))
        .isEqualTo(
            """
            [/]
            name="it's"

            [db]
            host='db.example'
            port=5432
            """);
  }

  @Test
  void parse_readsGroupsCommentsAndSpacesAsGLibDoes() {
    List<DconfFormat.Assignment> read =
        DconfFormat.parse(
            ConfigPath.of("/imported/"),
            """
            # a comment
            [/]
            top = 'x'

              [org/app]\r
            list=['a', 'b']
            empty=@as []
            """);
    assertThat(read)
        .extracting(a -> a.path().text() + "=" + a.value() + "@" + a.line())
        .containsExactly(
            "/imported/top=\"x\"@3",
            "/imported/org/app/list=[\"a\",\"b\"]@6",
            "/imported/org/app/empty=[]@7");
  }

  @Test
  void parse_errors_nameTheLine() {
    assertThatThrownBy(() -> DconfFormat.parse(ConfigPath.ROOT, "a=1\n"))
        .hasMessage("dconf text, line 1: key 'a' comes before any [group]");
    assertThatThrownBy(() -> DconfFormat.parse(ConfigPath.ROOT, "[x]\n\nnot a pair\n"))
        .hasMessage("dconf text, line 3: expected name=value, a [group] or a # comment");
    assertThatThrownBy(() -> DconfFormat.parse(ConfigPath.ROOT, "[x/../y]\n"))
        .hasMessageStartingWith("dconf text, line 1: group [x/../y]: invalid config path");
    assertThatThrownBy(() -> DconfFormat.parse(ConfigPath.ROOT, "[x]\nk='open\n"))
        .hasMessageStartingWith("dconf text, line 2: key '/x/k': column 1: the string has no");
    assertThatThrownBy(() -> DconfFormat.parse(ConfigPath.ROOT, "[x]\nk[de]='a'\n"))
        .hasMessageContaining("line 2: key 'k[de]': localised keys");
  }

  @Test
  void write_namesThatDconfCannotHold_areRefusedNamingTheKey() {
    assertThatThrownBy(
            () ->
                DconfFormat.write(
                    ConfigPath.ROOT, Map.of(ConfigPath.of("/a/k=v"), NODES.numberNode(1))))
        .hasMessageContaining("key '/a/k=v' cannot be written in dconf's format");
  }
}
