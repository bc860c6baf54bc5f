package io.berth.spec;

/**
 * What the command line and the environment say about the agent's log; each part given wins over
 * the config's {@code logging} block, so {@code BERTH_LOG_LEVEL=DEBUG} works whatever the config
 * says.
 *
 * @param level or null to take the config's
 * @param format or null to take the config's
 * @param output {@code stdout}, {@code stderr} or an absolute path, or null to take the config's
 */
public record LogOverrides(LoggingSpec.Level level, LoggingSpec.Format format, String output) {
  public static final LogOverrides NONE = new LogOverrides(null, null, null);

  /**
   * From text as given on the command line or in the environment; null or blank means not given.
   *
   * @throws IllegalArgumentException naming the bad value
   */
  public static LogOverrides parse(String level, String format, String output) {
    return new LogOverrides(
        blank(level) ? null : LoggingSpec.Level.parse(level),
        blank(format) ? null : LoggingSpec.Format.parse(format),
        blank(output) ? null : output.strip());
  }

  /** {@code spec} with what is given here put over it. */
  public LoggingSpec over(LoggingSpec spec) {
    LoggingSpec result = spec;
    if (level != null) {
      result = result.withLevel(level);
    }
    if (format != null) {
      result = result.withFormat(format);
    }
    if (output != null) {
      result = result.withOutput(output);
    }
    return result;
  }

  private static boolean blank(String text) {
    return text == null || text.isBlank();
  }
}
