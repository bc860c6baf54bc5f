package io.berth.image.registry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs short commands for the tests, with a time limit, and fails loudly. */
final class Processes {
  private Processes() {}

  static String run(Path dir, String... command) throws IOException, InterruptedException {
    Path log = Files.createTempFile(dir, "cmd", ".log");
    Process process =
        new ProcessBuilder(List.of(command))
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new IOException(String.join(" ", command) + " did not finish within 30 s");
      }
      String output = Files.readString(log, StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        throw new IOException(
            String.join(" ", command) + " failed with " + process.exitValue() + ": " + output);
      }
      return output;
    } finally {
      if (process.isAlive()) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
      Files.deleteIfExists(log);
    }
  }
}
