package io.berth.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSourceTest {
  private static final FetchLimits LIMITS =
      new FetchLimits(Duration.ofSeconds(1), Duration.ofSeconds(1), 64);

  @TempDir Path dir;

  @Test
  void fetch_readsTheFile_withItsFormatAndDirectory() throws Exception {
    Path file = Files.writeString(dir.resolve("berth.yml"), "services: {}\n");
    FetchedConfig fetched = ConfigSource.file(file, LIMITS).fetch();

    assertThat(fetched.content()).isEqualTo("services: {}\n".getBytes());
    assertThat(fetched.name()).isEqualTo(file.toString());
    assertThat(fetched.format()).contains(ConfigFormat.YAML);
    assertThat(fetched.directory()).contains(dir.toAbsolutePath());
    assertThat(fetched.toString()).doesNotContain("services");
  }

  @Test
  void fetchIfChanged_onlyWhenTheBytesChange() throws Exception {
    Path file = Files.writeString(dir.resolve("config"), "a: 1\n");
    ConfigSource source = ConfigSource.file(file, LIMITS);

    assertThat(source.fetchIfChanged()).isPresent();
    assertThat(source.fetchIfChanged()).isEmpty();
    Files.writeString(file, "a: 2\n");
    assertThat(source.fetchIfChanged()).isPresent();
    source.fetch();
    assertThat(source.fetchIfChanged()).isEmpty();
  }

  @Test
  void fetch_failsForAMissingOrOversizedFile() throws Exception {
    Path missing = dir.resolve("missing.yaml");
    assertThatThrownBy(() -> ConfigSource.file(missing, LIMITS).fetch())
        .isInstanceOf(ConfigFetchException.class)
        .hasMessage(missing + ": no such file");
    Path big = Files.writeString(dir.resolve("big.yaml"), "#".repeat(65));
    assertThatThrownBy(() -> ConfigSource.file(big, LIMITS).fetch())
        .isInstanceOf(ConfigFetchException.class)
        .hasMessage(big + ": larger than the 64 bytes a config may have");
  }

  @Test
  void parse_fileConfig_resolvesRelativePathsAgainstItsDirectory() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("berth.yaml"),
            "registries: {r.example.com: {username: u, passwordFile: pw}}\n");
    ParsedConfig parsed = ConfigParserTest.PARSER.parse(ConfigSource.file(file, LIMITS).fetch());

    assertThat(parsed.config().registries().get("r.example.com").passwordFile())
        .isEqualTo(dir.resolve("pw").toAbsolutePath().toString());
    assertThat(parsed.config().source()).isEqualTo(file.toString());
  }
}
