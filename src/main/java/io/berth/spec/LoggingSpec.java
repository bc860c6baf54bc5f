package io.berth.spec;

import java.util.Locale;

/**
 * The agent's own log, as ContainerPilot's {@code logging} block has it.
 *
 * @param level the least severe level written
 * @param format one line of text per event, or one JSON object per line
 * @param output {@code stdout}, {@code stderr}, or the absolute path of a file
 * @param maxSize a log file is rotated before it would grow past this many bytes
 * @param keep how many rotated files ({@code FILE.1} ... {@code FILE.keep}) are kept
 */
public record LoggingSpec(Level level, Format format, String output, long maxSize, int keep) {
  public static final String STDOUT = "stdout";
  public static final String STDERR = "stderr";
  public static final long DEFAULT_MAX_SIZE = 10L << 20;
  public static final int DEFAULT_KEEP = 5;

  /** The smallest file size allowed: a few lines must fit. */
  public static final long MIN_SIZE = 1024;

  /** What the agent does with no logging block: INFO as text on stderr. */
  public static final LoggingSpec DEFAULT =
      new LoggingSpec(Level.INFO, Format.TEXT, STDERR, DEFAULT_MAX_SIZE, DEFAULT_KEEP);

  public LoggingSpec {
    level = level == null ? Level.INFO : level;
    format = format == null ? Format.TEXT : format;
    output = output == null ? STDERR : output;
    if (!output.equals(STDOUT) && !output.equals(STDERR)) {
      if (!output.startsWith("/")) {
        throw new IllegalArgumentException(
            "the log output is stdout, stderr or an absolute path, not '%s'".formatted(output));
      }
      if (PathNames.hasDotDot(output)) {
        throw new IllegalArgumentException("the log file '%s' contains '..'".formatted(output));
      }
    }
    if (maxSize < MIN_SIZE) {
      throw new IllegalArgumentException(
          "the log's maxSize must be at least %d bytes, not %d".formatted(MIN_SIZE, maxSize));
    }
    if (keep < 0) {
      throw new IllegalArgumentException("the log's keep cannot be negative: " + keep);
    }
  }

  /** Whether the log goes to a file (rather than stdout or stderr). */
  public boolean toFile() {
    return !output.equals(STDOUT) && !output.equals(STDERR);
  }

  public LoggingSpec withLevel(Level newLevel) {
    return new LoggingSpec(newLevel, format, output, maxSize, keep);
  }

  public LoggingSpec withFormat(Format newFormat) {
    return new LoggingSpec(level, newFormat, output, maxSize, keep);
  }

  public LoggingSpec withOutput(String newOutput) {
    return new LoggingSpec(level, format, newOutput, maxSize, keep);
  }

  /** Levels, least severe first. */
  public enum Level {
    TRACE,
    DEBUG,
    INFO,
    WARN,
    ERROR,
    OFF;

    /**
     * A level by name, in any case; ContainerPilot's {@code FATAL} and {@code PANIC} are ERROR, and
     * {@code WARNING} is WARN.
     *
     * @throws IllegalArgumentException naming the levels berth knows
     */
    public static Level parse(String text) {
      String name = text == null ? "" : text.strip().toUpperCase(Locale.ROOT);
      return switch (name) {
        case "TRACE" -> TRACE;
        case "DEBUG" -> DEBUG;
        case "INFO" -> INFO;
        case "WARN", "WARNING" -> WARN;
        case "ERROR", "FATAL", "PANIC" -> ERROR;
        case "OFF" -> OFF;
        default ->
            throw new IllegalArgumentException(
                "unknown log level '%s': expected TRACE, DEBUG, INFO, WARN, ERROR or OFF"
                    .formatted(text));
      };
    }
  }

  /** How each event is written. */
  public enum Format {
    TEXT,
    JSON;

    /**
     * {@code text} or {@code json}, in any case; ContainerPilot's {@code default} is text.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static Format parse(String text) {
      String name = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
      return switch (name) {
        case "text", "default" -> TEXT;
        case "json" -> JSON;
        default ->
            throw new IllegalArgumentException(
                "unknown log format '%s': expected text or json".formatted(text));
      };
    }
  }
}
