package io.berth.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.spec.LoggingSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The examples in docs/config.md are configs berth reads. */
class ConfigDocsTest {
  private static final Pattern BLOCK =
      Pattern.compile("```(yaml|jsonc)\\n(.*?)```", Pattern.DOTALL);

  private static List<String> blocks(String language) throws Exception {
    String doc = Files.readString(Path.of("docs/config.md"));
    List<String> blocks = new ArrayList<>();
    Matcher m = BLOCK.matcher(doc);
    while (m.find()) {
      if (m.group(1).equals(language)) {
        blocks.add(m.group(2));
      }
    }
    return blocks;
  }

  @Test
  void completeExample_parses() throws Exception {
    List<String> yaml = blocks("yaml");
    List<String> jsonc = blocks("jsonc");
    assertThat(yaml).isNotEmpty(); // the first is the complete example; every one must parse
    for (String block : yaml.subList(1, yaml.size())) {
      assertThat(
              ConfigParserTest.PARSER
                  .parse(block.getBytes(StandardCharsets.UTF_8), "yaml")
                  .warnings())
          .isEmpty();
    }
    assertThat(jsonc).hasSize(3);

    ParsedConfig full =
        ConfigParserTest.PARSER.parse(yaml.getFirst().getBytes(StandardCharsets.UTF_8), "yaml");
    assertThat(full.config().services()).containsOnlyKeys("web", "worker");
    assertThat(full.warnings()).isEmpty();
    assertThat(full.config().logging())
        .isEqualTo(
            new LoggingSpec(
                LoggingSpec.Level.INFO,
                LoggingSpec.Format.JSON,
                "/var/log/berth/agent.log",
                10L << 20,
                5));
    assertThat(full.config().telemetry().listen()).isEqualTo("127.0.0.1:9100");
    ParsedConfig json =
        ConfigParserTest.PARSER.parse(jsonc.getFirst().getBytes(StandardCharsets.UTF_8), "json");
    assertThat(json.config().services()).containsOnlyKeys("web");
  }

  @Test
  void metaConfigExamples_parse() throws Exception {
    List<String> jsonc = blocks("jsonc");
    for (String meta : jsonc.subList(1, 3)) {
      FetchedConfig fetched = FetchedConfig.of(meta.getBytes(StandardCharsets.UTF_8), "meta");
      assertThat(
              MetaConfig.parse(fetched, new Document("meta", Optional.empty()), Optional.empty()))
          .isNotNull();
    }
  }
}
