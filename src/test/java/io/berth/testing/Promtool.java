package io.berth.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Prometheus's own checker, {@code promtool check metrics}: the exposition must parse and pass its
 * lint (counters end in {@code _total}, base units, no camelCase...). From the Debian {@code
 * prometheus} package, which scripts/setup installs.
 */
public final class Promtool {
  private Promtool() {}

  /**
   * Checks {@code exposition} (text format 0.0.4); an {@link AssertionError} with promtool's
   * complaints when it finds any.
   */
  public static void checkMetrics(String exposition) {
    Path promtool;
    try {
      promtool = Tools.require("promtool", "prometheus");
    } catch (AssertionError e) {
      throw new AssertionError(
          "promtool is missing: install prometheus (apt-get install -y prometheus; scripts/setup"
              + " lists it)",
          e);
    }
    try {
      Process process =
          new ProcessBuilder(promtool.toString(), "check", "metrics")
              .redirectErrorStream(true)
              .start();
      try (OutputStream in = process.getOutputStream()) {
        in.write(exposition.getBytes(StandardCharsets.UTF_8));
      }
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("promtool check metrics did not finish within 30 s");
      }
      if (process.exitValue() != 0) {
        throw new AssertionError(
            "promtool check metrics failed (exit %d):%n%s".formatted(process.exitValue(), output));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while promtool ran", e);
    }
  }
}
