package io.berth.kv;

import io.berth.testing.Command;
import io.berth.testing.TempDirectory;
import io.berth.testing.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

/**
 * The real dconf (Debian's {@code dconf-cli} and {@code dconf-service}), with a user database of
 * its own in a temporary directory and a private D-Bus session ({@code dbus-run-session}) that
 * ends, with dconf's service, when each call does.
 */
final class RealDconf implements AutoCloseable {
  private final TempDirectory home;

  RealDconf() {
    Tools.require("dconf", "dconf-cli");
    Tools.require("dbus-run-session", "dbus");
    if (!Files.isExecutable(Path.of("/usr/libexec/dconf-service"))) {
      throw new IllegalStateException("dconf-service is missing: apt-get install dconf-service");
    }
    home = TempDirectory.create("berth-dconf-");
    try {
      Files.createDirectories(
          home.resolve("run"),
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code dconf load DIR} of {@code text}, then {@code dconf dump DIR}: what dconf kept. */
  String loadAndDump(String directory, String text) {
    try {
      Path input = Files.createTempFile(home.path(), "load-", ".ini");
      Files.writeString(input, text);
      return session(
          "dconf load '%s' < '%s' && dconf dump '%s'".formatted(directory, input, directory));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code dconf reset -f DIR}. */
  void reset(String directory) {
    session("dconf reset -f '%s'".formatted(directory));
  }

  private String session(String script) {
    return Command.of(
            "env",
            "HOME=" + home.path(),
            "XDG_CONFIG_HOME=" + home.resolve("config"),
            "XDG_RUNTIME_DIR=" + home.resolve("run"),
            "dbus-run-session",
            "--",
            "sh",
            "-c",
            script)
        .withTimeout(Duration.ofSeconds(30))
        .run();
  }

  @Override
  public void close() {
    home.close();
  }
}
