package io.berth.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A server process a test starts and must stop: its output goes to a log file the test can show
 * when it fails, and {@link #close()} stops it by its own handle, never by name.
 */
public final class BackgroundProcess implements AutoCloseable {
  private static final Duration GRACE = Duration.ofSeconds(10);

  private final Process process;
  private final Path log;
  private final String description;

  private BackgroundProcess(Process process, Path log, String description) {
    this.process = process;
    this.log = log;
    this.description = description;
  }

  /**
   * Starts {@code argv} in {@code workingDirectory}, its stdout and stderr appended to {@code log};
   * {@code environment} may edit the variables it inherits.
   */
  public static BackgroundProcess start(
      List<String> argv,
      Path workingDirectory,
      Path log,
      Consumer<Map<String, String>> environment) {
    try {
      ProcessBuilder builder =
          new ProcessBuilder(argv)
              .directory(workingDirectory.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
      environment.accept(builder.environment());
      Process process = builder.start();
      return new BackgroundProcess(process, log, String.join(" ", argv));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + String.join(" ", argv), e);
    }
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public ProcessHandle handle() {
    return process.toHandle();
  }

  public Path logFile() {
    return log;
  }

  /** Everything the process has written so far. */
  public String log() {
    try {
      return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    stop(process, GRACE);
  }

  /** SIGKILL, as a crash would end it, and wait until it is reaped. */
  public void kill() {
    process.destroyForcibly();
    try {
      if (!process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException(
            "process %d survived SIGKILL for %s".formatted(process.pid(), GRACE));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * SIGTERM, a grace period, then SIGKILL, and always wait: a process that is not reaped is still a
   * leak (a zombie holding its pid).
   */
  static void stop(Process process, Duration grace) {
    process.destroy();
    try {
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
          throw new IllegalStateException(
              "process %d survived SIGKILL for %s".formatted(process.pid(), grace));
        }
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return description + " (pid " + process.pid() + ")";
  }
}
