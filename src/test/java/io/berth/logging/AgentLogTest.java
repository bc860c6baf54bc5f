package io.berth.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.spec.LoggingSpec;
import io.berth.spec.LoggingSpec.Format;
import io.berth.spec.LoggingSpec.Level;
import io.berth.testing.TempDirectory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The agent's own log, configured from a logging block: level, format, output, rotation. */
class AgentLogTest {
  private static final Logger LOG = LoggerFactory.getLogger("io.berth.test.AgentLogTest");
  private final TempDirectory directory = TempDirectory.create("berth-log-");

  @AfterEach
  void restore() {
    AgentLog.restoreDefaults();
    directory.close();
  }

  private Path file() {
    return directory.resolve("agent.log");
  }

  private static LoggingSpec spec(Level level, Format format, Path file, long maxSize, int keep) {
    return new LoggingSpec(level, format, file.toString(), maxSize, keep);
  }

  @Test
  void level_dropsWhatIsLessSevere() throws Exception {
    AgentLog.configure(spec(Level.WARN, Format.TEXT, file(), 1 << 20, 1));

    LOG.info("not this");
    LOG.warn("but this");
    LOG.error("and this");

    String text = Files.readString(file());
    assertThat(text).doesNotContain("not this").contains("but this").contains("and this");
    assertThat(text.lines().findFirst().orElseThrow())
        .matches(
            "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\S+ WARN  AgentLogTest: but this");
  }

  @Test
  void reconfiguring_changesTheLevelInPlace() throws Exception {
    AgentLog.configure(spec(Level.INFO, Format.TEXT, file(), 1 << 20, 1));
    LOG.debug("hidden");
    AgentLog.configure(spec(Level.DEBUG, Format.TEXT, file(), 1 << 20, 1));
    LOG.debug("shown");

    assertThat(Files.readString(file())).doesNotContain("hidden").contains("shown");
  }

  @Test
  void json_writesOneObjectPerLine_withTimeLevelLoggerMessageAndException() throws Exception {
    AgentLog.configure(spec(Level.INFO, Format.JSON, file(), 1 << 20, 1));

    LOG.info("pulled {} with \"quotes\"\nand a newline", "app:1");
    LOG.warn("it failed", new IllegalStateException("boom"));

    List<String> lines = Files.readAllLines(file());
    assertThat(lines).hasSize(2);
    ObjectMapper mapper = new ObjectMapper();
    JsonNode first = mapper.readTree(lines.get(0));
    assertThat(first.get("level").asText()).isEqualTo("INFO");
    assertThat(first.get("logger").asText()).isEqualTo("io.berth.test.AgentLogTest");
    assertThat(first.get("message").asText())
        .isEqualTo("pulled app:1 with \"quotes\"\nand a newline");
    assertThat(Instant.parse(first.get("time").asText()))
        .isBetween(Instant.now().minusSeconds(60), Instant.now());
    assertThat(first.has("exception")).isFalse();
    JsonNode second = mapper.readTree(lines.get(1));
    assertThat(second.get("exception").asText())
        .startsWith("java.lang.IllegalStateException: boom")
        .contains("at io.berth.logging.AgentLogTest");
  }

  @Test
  void file_isRotatedBeforeItWouldPassMaxSize_andKeepsOnlyKeepFiles() throws Exception {
    long maxSize = 2048;
    AgentLog.configure(spec(Level.INFO, Format.TEXT, file(), maxSize, 2));

    for (int i = 0; i < 300; i++) {
      LOG.info("line {} {}", i, "x".repeat(i % 90));
    }

    Path one = directory.resolve("agent.log.1");
    Path two = directory.resolve("agent.log.2");
    assertThat(directory.resolve("agent.log.3")).doesNotExist();
    for (Path file : List.of(file(), one, two)) {
      assertThat(Files.size(file)).isLessThanOrEqualTo(maxSize).isPositive();
    }
    assertThat(Files.readString(file())).contains("line 299 ");
    // the newest lines are whole, in order across the files
    String kept = Files.readString(two) + Files.readString(one) + Files.readString(file());
    List<Integer> numbers =
        kept.lines().map(l -> Integer.parseInt(l.replaceAll(".*: line (\\d+) .*", "$1"))).toList();
    assertThat(numbers).isSorted().endsWith(299);
  }

  @Test
  void lineLongerThanAFile_isCutToFit() throws Exception {
    AgentLog.configure(spec(Level.INFO, Format.TEXT, file(), 1024, 1));

    LOG.info("short");
    LOG.info("long {}", "y".repeat(5000));

    assertThat(Files.size(file())).isEqualTo(1024);
    assertThat(Files.readString(file())).endsWith("y\n");
    assertThat(Files.readString(directory.resolve("agent.log.1"))).contains("short");
  }

  @Test
  void keepZero_startsAgainWithoutRotatedFiles() throws Exception {
    AgentLog.configure(spec(Level.INFO, Format.TEXT, file(), 1024, 0));

    for (int i = 0; i < 50; i++) {
      LOG.info("line {} {}", i, "z".repeat(40));
    }

    assertThat(Files.size(file())).isLessThanOrEqualTo(1024);
    assertThat(directory.resolve("agent.log.1")).doesNotExist();
    assertThat(Files.readString(file())).contains("line 49 ");
  }

  @Test
  void unwritableFile_failsNamingIt_andTheLogStaysWhereItWas() throws Exception {
    AgentLog.configure(spec(Level.INFO, Format.TEXT, file(), 1 << 20, 1));
    Path underAFile = directory.resolve("agent.log").resolve("nested.log");

    assertThatThrownBy(
            () -> AgentLog.configure(spec(Level.INFO, Format.JSON, underAFile, 1 << 20, 1)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("cannot write the log file " + underAFile);
    LOG.info("still here");

    assertThat(Files.readString(file())).contains("AgentLogTest: still here");
  }

  @Test
  void stdout_getsTheLog() throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      AgentLog.configure(new LoggingSpec(Level.INFO, Format.JSON, LoggingSpec.STDOUT, 1 << 20, 1));
      LOG.info("to stdout");
      AgentLog.restoreDefaults();
    } finally {
      System.setOut(original);
    }

    String line = captured.toString(StandardCharsets.UTF_8).strip();
    assertThat(new ObjectMapper().readTree(line).get("message").asText()).isEqualTo("to stdout");
  }
}
