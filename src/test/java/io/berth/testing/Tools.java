package io.berth.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The host programs the harness runs. A missing one fails the test with the Debian package that
 * provides it: a test that skips silently would pass on a machine where it never ran.
 */
public final class Tools {
  private Tools() {}

  /**
   * The executable {@code name} on the PATH (or at an absolute path), or an {@link AssertionError}
   * that says {@code apt-get install -y debianPackage}.
   */
  public static Path require(String name, String debianPackage) {
    if (name.startsWith("/")) {
      Path direct = Path.of(name);
      if (Files.isExecutable(direct)) {
        return direct;
      }
    } else {
      String path = System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
      for (String dir : path.split(":")) {
        Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return candidate;
        }
      }
    }
    throw new AssertionError(
        "%s is not installed; install it with: apt-get install -y %s (and add %s to scripts/setup)"
            .formatted(name, debianPackage, debianPackage));
  }
}
