package io.berth.template;

import static io.berth.template.Render.render;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The built-in functions, with ContainerPilot's own examples where it has them. */
class FunctionsTest {
  private static final Map<String, Object> ENV =
      Map.of("NAME", "Template", "USER", "pilot", "PARTS", "a:b:c", "COUNT", "3");

  @Test
  void containerPilotExamples() {
    assertThat(render("Hello, {{.NAME}}!", ENV)).isEqualTo("Hello, Template!");
    assertThat(render("Hello, {{.NONAME}}!", ENV)).isEqualTo("Hello, !");
    assertThat(render("{{ loop 2 5 }}", ENV)).isEqualTo("[2 3 4]");
    assertThat(render("{{ loop 10 1 }}", ENV)).isEqualTo("[10 9 8 7 6 5 4 3 2]");
    assertThat(render("{{ loop 5 }}", ENV)).isEqualTo("[0 1 2 3 4]");
    assertThat(render("{{ loop .COUNT }}", ENV)).isEqualTo("[0 1 2]");
    assertThat(render("{{ loop 1 .COUNT }}", ENV)).isEqualTo("[1 2]");
    assertThat(render("{{ range $i := loop 2 5 -}}i={{$i}},{{ end }}", ENV))
        .isEqualTo("i=2,i=3,i=4,");
    assertThat(render("Hello, {{.NONAME | default \"World\" }}!", ENV)).isEqualTo("Hello, World!");
    assertThat(render("Hello, {{.NONAME | default 100 }}!", ENV)).isEqualTo("Hello, 100!");
    assertThat(render("Hello, {{.NONAME | default 10.1 }}!", ENV)).isEqualTo("Hello, 10.1!");
    assertThat(render("Hello, {{.PARTS | split \":\" | join \".\" }}!", ENV))
        .isEqualTo("Hello, a.b.c!");
    assertThat(render("Hello, {{.NAME | replaceAll \"e\" \"_\" }}!", ENV))
        .isEqualTo("Hello, T_mplat_!");
    assertThat(render("Hello, {{.NAME | regexReplaceAll \"[epa]+\" \"_\" }}!", ENV))
        .isEqualTo("Hello, T_m_l_t_!");
  }

  @Test
  void env_readsTheRenderersEnvironment_notTheProcesss() {
    Template t =
        TemplateEngine.standard()
            .parse("t", "Hello, {{ env (printf \"NA%s\" \"ME_1\") }}! [{{ env \"PATH\" }}]");
    assertThat(t.render(Map.of(), Map.of("NAME_1", "Template")).text())
        .isEqualTo("Hello, Template! []");
  }

  @Test
  void default_followsSprig() {
    assertThat(render("{{ default \"d\" \"v\" }}")).isEqualTo("v");
    assertThat(render("{{ default \"d\" \"\" }}|{{ default \"d\" 0 }}|{{ default \"d\" false }}"))
        .isEqualTo("d|d|d");
    assertThat(render("{{ default \"d\" .L }}", Map.of("L", List.of()))).isEqualTo("d");
    Map<String, Object> withNull = new HashMap<>();
    withNull.put("N", null);
    assertThat(render("{{ default \"d\" .N }}", withNull)).isEqualTo("d");
    assertThat(render("{{ default 5 }}")).isEqualTo("5");
    assertThat(render("{{ 0 | default 7 | printf \"%03d\" }}")).isEqualTo("007");
  }

  @Test
  void logic() {
    assertThat(render("{{ and 1 2 }} {{ and 1 0 2 }} {{ and \"\" .NOPE }}")).isEqualTo("2 0 ");
    assertThat(render("{{ or 0 \"\" }} {{ or 0 \"x\" 1 }}")).isEqualTo(" x");
    assertThat(render("{{ not 0 }} {{ not \"x\" }}")).isEqualTo("true false");
  }

  @Test
  void andOr_stopAtTheFirstDecidingValue() {
    TemplateEngine engine =
        TemplateEngine.builder()
            .function(
                "fail",
                0,
                call -> {
                  throw new TemplateFunctionException("evaluated");
                })
            .build();
    assertThat(engine.parse("t", "{{ and 0 (fail) }}{{ or 1 (fail) }}").render(Map.of()).text())
        .isEqualTo("01");
  }

  @Test
  void comparisons() {
    assertThat(
            render(
                "{{ eq 1 1 }} {{ eq 1 2 }} {{ eq 2 1 2 3 }} {{ eq 1 1.0 }} {{ eq \"a\" \"a\" }}"))
        .isEqualTo("true false true true true");
    assertThat(render("{{ ne 1 2 }} {{ ne \"a\" \"a\" }} {{ eq true true }}"))
        .isEqualTo("true false true");
    assertThat(render("{{ lt 1 2 }} {{ le 2 2 }} {{ gt 1.5 2 }} {{ ge 3 2 }} {{ lt \"a\" \"b\" }}"))
        .isEqualTo("true true false true true");
  }

  @Test
  void lenAndIndex() {
    Map<String, Object> data =
        Map.of("l", List.of("x", List.of("y", "z")), "m", Map.of("k", Map.of("j", 1)));
    assertThat(render("{{ len .l }} {{ len .m }} {{ len \"héllo\" }}", data)).isEqualTo("2 1 5");
    assertThat(render("{{ index .l 0 }} {{ index .l 1 1 }} {{ index .m \"k\" \"j\" }}", data))
        .isEqualTo("x z 1");
    assertThat(render("[{{ index .m \"nope\" }}]", data)).isEqualTo("[]");
  }

  @Test
  void printf_goVerbs() {
    assertThat(render("{{ printf \"%s|%v|%d|%q\" \"a\" 1.5 42 \"say \\\"hi\\\"\\n\" }}"))
        .isEqualTo("a|1.5|42|\"say \\\"hi\\\"\\n\"");
    assertThat(render("{{ printf \"%5d|%-5d|%05d|%+d|%x|%X|%#x\" 42 42 -42 42 255 255 255 }}"))
        .isEqualTo("   42|42   |-0042|+42|ff|FF|0xff");
    assertThat(render("{{ printf \"%6s|%-6s|%.2s|%t|%c|%%\" \"ab\" \"ab\" \"abc\" true 65 }}"))
        .isEqualTo("    ab|ab    |ab|true|A|%");
    assertThat(render("{{ printf \"%f|%.2f|%8.3f|%.0f\" 3.14159 2.675 -1.5 2.5 }}"))
        .isEqualTo("3.141590|2.67|  -1.500|2");
    assertThat(
            render(
                "{{ printf \"%v %v %v\" .l .m true }}",
                Map.of("l", List.of(1, "a"), "m", Map.of("k", 1))))
        .isEqualTo("[1 a] map[k:1] true");
    assertThat(render("{{ printf \"%q\" \"tab\\there\\u00e9\\u0001\" }}"))
        .isEqualTo("\"tab\\there\u00e9\\x01\"");
  }

  @Test
  void printAndPrintln() {
    assertThat(render("{{ print \"a\" \"b\" 1 2 \"c\" }}")).isEqualTo("ab1 2c");
    assertThat(render("{{ println \"a\" 1 }}")).isEqualTo("a 1\n");
  }

  @Test
  void splitAndJoin() {
    assertThat(render("{{ split \",\" \" a,b,,c \" }}")).isEqualTo("[a b  c]");
    assertThat(render("{{ len (split \",\" \"  \") }}")).isEqualTo("0");
    assertThat(render("{{ split \"\" \"héj\" }}")).isEqualTo("[h é j]");
    assertThat(render("{{ join \", \" .l }}", Map.of("l", List.of("a", 1, true))))
        .isEqualTo("a, 1, true");
    assertThat(render("{{ join \",\" .NOPE }}")).isEqualTo("");
  }

  @Test
  void stringFunctions() {
    assertThat(render("{{ replace \"a\" \"b\" \"banana\" }} {{ replace \"\" \"-\" \"ab\" }}"))
        .isEqualTo("bbnbnb -a-b-");
    assertThat(render("[{{ trim \"  \\t x y \\n\" }}] {{ upper \"straße\" }} {{ lower \"ÀB\" }}"))
        .isEqualTo("[x y] STRASSE àb");
    assertThat(render("{{ contains \"an\" \"banana\" }} {{ \"banana\" | contains \"x\" }}"))
        .isEqualTo("true false");
    assertThat(render("{{ hasPrefix \"ba\" \"banana\" }} {{ hasSuffix \"na\" \"banana\" }}"))
        .isEqualTo("true true");
    assertThat(render("{{ \"banana\" | hasPrefix \"na\" }}")).isEqualTo("false");
  }

  @Test
  void regexReplaceAll_expandsGoReplacements() {
    assertThat(render("{{ regexReplaceAll \"(\\\\w+)@(\\\\w+)\" \"$2 at ${1}!\" \"bob@host\" }}"))
        .isEqualTo("host at bob!");
    assertThat(render("{{ regexReplaceAll \"(?<user>\\\\w+)@\" \"$user-$$\" \"bob@host\" }}"))
        .isEqualTo("bob-$host");
    // $1x names a group "1x", which does not exist, as in Go
    assertThat(render("{{ regexReplaceAll \"(a)\" \"$1x\" \"abc\" }}")).isEqualTo("bc");
    // an empty match next to a match is skipped, as in Go
    assertThat(render("{{ regexReplaceAll \"a*\" \"-\" \"baaac\" }}")).isEqualTo("-b-c-");
  }

  @Test
  void json() {
    Map<String, Object> data =
        Map.of("m", Map.of("b", List.of(1, 2.5, "x"), "a", true), "s", "q\"");
    assertThat(render("{{ json .m }} {{ .s | toJSON }}", data))
        .isEqualTo("{\"a\":true,\"b\":[1,2.5,\"x\"]} \"q\\\"\"");
    record Backend(String address, int port) {}
    assertThat(render("{{ json . }}", List.of(new Backend("10.0.0.1", 80))))
        .isEqualTo("[{\"address\":\"10.0.0.1\",\"port\":80}]");
    assertThat(render("{{ json .NOPE }}")).isEqualTo("null");
  }

  @Test
  void parseJSON_givesMapsListsAndNumbers() {
    String t =
        "{{ $c := parseJSON .CONFIG }}{{ $c.name }} {{ $c.port }} {{ index $c.tags 1 }}"
            + " {{ range $c.tags }}<{{ . }}>{{ end }} {{ $c.ratio }} {{ if $c.on }}on{{ end }}";
    String json =
        "{\"name\":\"web\",\"port\":8080,\"tags\":[\"a\",\"b\"],\"ratio\":0.5,\"on\":true}";
    assertThat(render(t, Map.of("CONFIG", json))).isEqualTo("web 8080 b <a><b> 0.5 on");
    assertThat(render("[{{ parseJSON \"  \" }}]")).isEqualTo("[]");
    assertThat(render("{{ eq (parseJSON \"3\") 3 }}")).isEqualTo("true");
  }

  @Test
  void atoi() {
    assertThat(render("{{ atoi \" 42 \" }} {{ atoi 7 }} {{ gt (atoi \"10\") 9 }}"))
        .isEqualTo("42 7 true");
  }
}
