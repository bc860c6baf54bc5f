package io.berth.cli;

import io.berth.api.Berth;
import io.berth.api.LogQuery;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth logs [-f] [--tail N] [--since T] [-t] ID}. */
@Command(
    name = "logs",
    mixinStandardHelpOptions = true,
    description = "Show a container's output (stdout to stdout, stderr to stderr).")
final class LogsCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = {"-f", "--follow"},
      description = "Keep printing new output until the container exits.")
  boolean follow;

  @Option(
      names = {"-n", "--tail"},
      paramLabel = "N",
      defaultValue = "-1",
      description = "Only the last N lines.")
  int tail;

  @Option(
      names = "--since",
      paramLabel = "TIME",
      description = "Only output since a time (2026-11-21T10:00:00Z) or for a while (10m, 1h30m).")
  String since;

  @Option(
      names = {"-t", "--timestamps"},
      description = "Show each line's time.")
  boolean timestamps;

  @Parameters(paramLabel = "ID")
  String id;

  @Override
  public void run() {
    Instant from;
    try {
      from = since == null ? null : parseSince(since, Instant.now());
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    try (Berth berth = Main.connect(spec)) {
      berth
          .containers()
          .logs(
              id,
              new LogQuery(follow, tail, from, timestamps),
              new LogPrinter(spec.commandLine().getOut(), spec.commandLine().getErr(), timestamps));
    }
  }

  /**
   * An RFC 3339 time, or a duration back from {@code now}: {@code 90s}, {@code 10m}, {@code 1h30m}.
   */
  static Instant parseSince(String text, Instant now) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      try {
        return now.minus(Duration.parse("PT" + text.toUpperCase(java.util.Locale.ROOT)));
      } catch (DateTimeParseException e2) {
        throw new IllegalArgumentException(
            "invalid --since '%s': expected a time such as 2026-11-21T10:00:00Z or a duration such as 10m"
                .formatted(text));
      }
    }
  }
}
