package io.berth.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One run of a host program to completion, with a time limit. Output goes to files rather than
 * pipes, so a chatty program can never block on a pipe nobody reads.
 */
public record Command(List<String> argv, Duration timeout, Path workingDirectory) {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

  public Command {
    argv = List.copyOf(argv);
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("a command needs a program");
    }
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("a command needs a positive timeout");
    }
  }

  public static Command of(String... argv) {
    return new Command(List.of(argv), DEFAULT_TIMEOUT, null);
  }

  public static Command of(List<String> argv) {
    return new Command(argv, DEFAULT_TIMEOUT, null);
  }

  public Command withTimeout(Duration limit) {
    return new Command(argv, limit, workingDirectory);
  }

  public Command in(Path directory) {
    return new Command(argv, timeout, directory);
  }

  /**
   * Runs the program; returns its stdout, or throws with its stdout and stderr on failure. The two
   * are kept apart so that a warning on stderr never corrupts a document printed on stdout.
   */
  public String run() {
    Path stdout = null;
    Path stderr = null;
    Process process = null;
    try {
      stdout = Files.createTempFile("berth-command-", ".out");
      stderr = Files.createTempFile("berth-command-", ".err");
      ProcessBuilder builder =
          new ProcessBuilder(argv)
              .redirectOutput(stdout.toFile())
              .redirectError(stderr.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
      if (workingDirectory != null) {
        builder.directory(workingDirectory.toFile());
      }
      process = builder.start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException(
            "%s did not finish within %s; output:%n%s%s"
                .formatted(this, timeout, read(stdout), read(stderr)));
      }
      String output = read(stdout);
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            "%s exited with %d; output:%n%s%s"
                .formatted(this, process.exitValue(), output, read(stderr)));
      }
      return output;
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + this + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + this, e);
    } finally {
      if (process != null && process.isAlive()) {
        BackgroundProcess.stop(process, Duration.ofSeconds(5));
      }
      deleteQuietly(stdout);
      deleteQuietly(stderr);
    }
  }

  private static void deleteQuietly(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // a leftover temp file is not worth failing a test over
      }
    }
  }

  private static String read(Path output) throws IOException {
    return Files.readString(output, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return String.join(" ", argv);
  }
}
