package io.berth.config;

import io.berth.spec.LoggingSpec;
import java.util.Set;

/**
 * {@code logging:}, the agent's own log as ContainerPilot writes it: {@code level}, {@code format}
 * ({@code text} or {@code json}), {@code output} ({@code stdout}, {@code stderr} or a file), and
 * for a file {@code maxSize} and {@code keep}.
 */
final class LoggingSection {
  private static final Set<String> FIELDS = Set.of("level", "format", "output", "maxSize", "keep");

  private LoggingSection() {}

  static LoggingSpec read(Field logging) {
    if (!logging.present()) {
      return LoggingSpec.DEFAULT;
    }
    logging.only(FIELDS);
    Field levelField = logging.child("level");
    LoggingSpec.Level level =
        levelField
            .string()
            .map(
                text -> {
                  try {
                    return LoggingSpec.Level.parse(text);
                  } catch (IllegalArgumentException e) {
                    throw levelField.fail(
                        "expected TRACE, DEBUG, INFO, WARN, ERROR or OFF, got "
                            + levelField.describe());
                  }
                })
            .orElse(null);
    Field formatField = logging.child("format");
    LoggingSpec.Format format =
        formatField
            .string()
            .map(
                text -> {
                  try {
                    return LoggingSpec.Format.parse(text);
                  } catch (IllegalArgumentException e) {
                    throw formatField.fail("expected text or json, got " + formatField.describe());
                  }
                })
            .orElse(null);
    Field outputField = logging.child("output");
    String output =
        outputField
            .string()
            .map(
                text ->
                    text.equals(LoggingSpec.STDOUT) || text.equals(LoggingSpec.STDERR)
                        ? text
                        : RegistriesSection.path(outputField, text))
            .orElse(null);
    Field maxSizeField = logging.child("maxSize");
    long maxSize = Values.size(maxSizeField).orElse(LoggingSpec.DEFAULT_MAX_SIZE);
    if (maxSize < LoggingSpec.MIN_SIZE) {
      throw maxSizeField.fail(
          "expected at least %d bytes (1k), got %s"
              .formatted(LoggingSpec.MIN_SIZE, maxSizeField.describe()));
    }
    int keep =
        logging
            .child("keep")
            .nonNegative(1000)
            .map(Long::intValue)
            .orElse(LoggingSpec.DEFAULT_KEEP);
    try {
      return new LoggingSpec(level, format, output, maxSize, keep);
    } catch (IllegalArgumentException e) {
      throw logging.fail(e.getMessage(), e);
    }
  }
}
