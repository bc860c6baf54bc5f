package io.berth.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.spec.BerthConfig;
import io.berth.spec.LoggingSpec;
import io.berth.spec.LoggingSpec.Format;
import io.berth.spec.LoggingSpec.Level;
import io.berth.spec.TelemetrySpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The agent's own sections: {@code logging} and {@code telemetry}. */
class AgentSectionsTest {
  private static BerthConfig yaml(String text) {
    return ConfigParserTest.parse(text, "berth.yaml").config();
  }

  private static String error(String text) {
    return ConfigErrorsTest.yaml(text).getMessage();
  }

  @Test
  void absent_meansInfoTextOnStderr_andNoMetricsListener() {
    BerthConfig config = yaml("services: {}\n");

    assertThat(config.logging()).isEqualTo(LoggingSpec.DEFAULT);
    assertThat(config.logging().level()).isEqualTo(Level.INFO);
    assertThat(config.logging().output()).isEqualTo("stderr");
    assertThat(config.telemetry()).isEqualTo(TelemetrySpec.NONE);
  }

  @Test
  void everyField_arrives() {
    BerthConfig config =
        yaml(
            """
            logging:
              level: debug
              format: json
              output: /var/log/berth/agent.log
              maxSize: 10MiB
              keep: 3
            telemetry:
              listen: 0.0.0.0:9090
            """);

    assertThat(config.logging())
        .isEqualTo(
            new LoggingSpec(Level.DEBUG, Format.JSON, "/var/log/berth/agent.log", 10L << 20, 3));
    assertThat(config.telemetry().listen()).isEqualTo("0.0.0.0:9090");
  }

  @Test
  void containerPilotSpellings_areRead() {
    BerthConfig config = yaml("logging: {level: FATAL, format: default, output: stdout}\n");

    assertThat(config.logging().level()).isEqualTo(Level.ERROR);
    assertThat(config.logging().format()).isEqualTo(Format.TEXT);
    assertThat(config.logging().output()).isEqualTo("stdout");
  }

  @Test
  void relativeLogFile_isResolvedAgainstTheConfigsDirectory() {
    FetchedConfig fetched =
        new FetchedConfig(
            "logging: {output: logs/agent.log}\n".getBytes(StandardCharsets.UTF_8),
            "/etc/berth/berth.yaml",
            java.util.Optional.empty(),
            java.util.Optional.of(Path.of("/etc/berth")));

    BerthConfig config = ConfigParserTest.PARSER.parse(fetched).config();

    assertThat(config.logging().output()).isEqualTo("/etc/berth/logs/agent.log");
  }

  @Test
  void aPortAlone_isAListenAddress() {
    assertThat(yaml("telemetry: {listen: 9090}\n").telemetry().listen()).isEqualTo("9090");
    assertThat(yaml("telemetry: {listen: \":9090\"}\n").telemetry().listen()).isEqualTo(":9090");
  }

  @Test
  void register_isTrue_orANameAndTags() {
    assertThat(yaml("telemetry: {listen: 9090}\n").telemetry().register()).isNull();
    assertThat(yaml("telemetry: {listen: 9090, register: false}\n").telemetry().register())
        .isNull();
    assertThat(yaml("telemetry: {listen: 9090, register: true}\n").telemetry().register())
        .isEqualTo(new TelemetrySpec.Register("berth-telemetry", List.of()));
    assertThat(
            yaml("telemetry: {listen: 9090, register: {name: metrics, tags: [prom, a]}}\n")
                .telemetry()
                .register())
        .isEqualTo(new TelemetrySpec.Register("metrics", List.of("prom", "a")));
  }

  @Test
  void mistakes_nameLineAndField() {
    assertThat(error("logging:\n  level: loud\n"))
        .isEqualTo(
            "berth.yaml:2:3: logging.level: expected TRACE, DEBUG, INFO, WARN, ERROR or OFF, got"
                + " \"loud\"");
    assertThat(error("logging:\n  format: xml\n"))
        .isEqualTo("berth.yaml:2:3: logging.format: expected text or json, got \"xml\"");
    assertThat(error("logging:\n  maxSize: 100\n"))
        .isEqualTo("berth.yaml:2:3: logging.maxSize: expected at least 1024 bytes (1k), got 100");
    assertThat(error("logging:\n  maxSize: big\n"))
        .startsWith("berth.yaml:2:3: logging.maxSize: expected a size");
    assertThat(error("logging:\n  keep: -1\n"))
        .isEqualTo("berth.yaml:2:3: logging.keep: expected a non-negative number, got -1");
    assertThat(error("logging:\n  rotate: daily\n"))
        .isEqualTo(
            "berth.yaml:2:3: logging.rotate: unknown field; known fields are format, keep, level,"
                + " maxSize, output");
    assertThat(error("logging: debug\n"))
        .isEqualTo("berth.yaml:1:1: logging: expected a mapping, got \"debug\"");
    assertThat(error("telemetry:\n  listen: somewhere\n"))
        .isEqualTo(
            "berth.yaml:2:3: telemetry.listen: expected HOST:PORT such as 127.0.0.1:9090, or a"
                + " port, got \"somewhere\"");
    assertThat(error("telemetry:\n  listen: 127.0.0.1:99999\n"))
        .startsWith("berth.yaml:2:3: telemetry.listen: expected HOST:PORT");
    assertThat(error("telemetry:\n  port: 9090\n"))
        .isEqualTo(
            "berth.yaml:2:3: telemetry.port: unknown field; known fields are listen, register");
    assertThat(error("telemetry:\n  register: yes please\n"))
        .isEqualTo(
            "berth.yaml:2:3: telemetry.register: expected true, false or a mapping with name and"
                + " tags, got \"yes please\"");
    assertThat(error("telemetry:\n  register: {name: \"no way\"}\n"))
        .startsWith("berth.yaml:2:14: telemetry.register.name: invalid service name 'no way'");
    assertThat(error("telemetry:\n  register: {port: 1}\n"))
        .startsWith("berth.yaml:2:14: telemetry.register.port: unknown field");
  }

  @Test
  void json_withComments_isReadToo() {
    BerthConfig config =
        ConfigParserTest.parse(
                """
                {
                  // the agent's own log
                  "logging": {"level": "warn", "output": "stderr",},
                  "telemetry": {"listen": "127.0.0.1:9100"},
                }
                """,
                "berth.json")
            .config();

    assertThat(config.logging().level()).isEqualTo(Level.WARN);
    assertThat(config.telemetry().listen()).isEqualTo("127.0.0.1:9100");
  }
}
