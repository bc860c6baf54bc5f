package io.berth.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** An htpasswd file made by Apache's own {@code htpasswd}, bcrypt as the registry requires. */
public final class Htpasswd {
  private Htpasswd() {}

  public static Path write(Path file, List<Credentials> users) {
    Tools.require("htpasswd", "apache2-utils");
    StringBuilder lines = new StringBuilder();
    for (Credentials user : users) {
      // -n prints instead of writing a file; -B bcrypt; -b takes the password as an argument
      lines.append(Command.of("htpasswd", "-Bbn", user.username(), user.password()).run().strip());
      lines.append('\n');
    }
    try {
      return Files.writeString(file, lines);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
