package io.berth.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code berth version}. */
@Command(name = "version", description = "Show berth's version.", mixinStandardHelpOptions = true)
final class VersionCommand implements Runnable {
  @Mixin Output output;

  @Override
  public void run() {
    if (output.json()) {
      output.printJson(
          java.util.Map.of(
              "version", VersionProvider.version(), "java", Runtime.version().toString()));
    } else {
      output
          .out()
          .println("berth " + VersionProvider.version() + " (Java " + Runtime.version() + ")");
    }
  }
}
