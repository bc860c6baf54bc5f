package io.berth.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.sqlite.SQLiteJDBCLoader;

/**
 * sqlite-jdbc's native library, unpacked once beside berth's database rather than by every process
 * into /tmp. Left to itself, sqlite-jdbc copies the library (a megabyte) to a new file in /tmp on
 * each start and deletes it at exit, so every command paid for the copy, and every process that was
 * killed (an agent stopped with SIGKILL, a test's) left its copy behind for good.
 */
final class SqliteNative {
  private static final String PATH = "org.sqlite.lib.path";
  private static final String NAME = "org.sqlite.lib.name";

  private SqliteNative() {}

  /**
   * The jar's folder for this host, worked out here: sqlite-jdbc's own {@code OSInfo} runs {@code
   * uname} as a process of its own to ask, which cost a command a process and the JVM a reaper
   * thread.
   */
  private static String glibcLinuxFolder() {
    if (!System.getProperty("os.name", "").equals("Linux")) {
      return null;
    }
    try (var musl = Files.newDirectoryStream(Path.of("/lib"), "ld-musl-*")) {
      if (musl.iterator().hasNext()) {
        return null; // Alpine and the like: the jar has other libraries for musl
      }
    } catch (IOException e) {
      return null;
    }
    return switch (System.getProperty("os.arch", "")) {
      case "amd64", "x86_64" -> "Linux/x86_64";
      case "aarch64" -> "Linux/aarch64";
      default -> null;
    };
  }

  /** Points sqlite-jdbc at its library under {@code directory}, unpacking it there if missing. */
  static synchronized void prepare(Path directory) {
    if (System.getProperty(PATH) != null) {
      return; // chosen already: by an earlier database of this process, or by the user
    }
    String folder = glibcLinuxFolder();
    if (folder == null) {
      return; // not glibc Linux on a CPU named below: sqlite-jdbc decides, as it would have
    }
    String resource = "/org/sqlite/native/" + folder + "/libsqlitejdbc.so";
    try {
      java.net.URL url = SQLiteJDBCLoader.class.getResource(resource);
      if (url == null) {
        return; // not a platform the jar carries a library for: sqlite-jdbc decides
      }
      Path dir = directory.resolve("lib");
      String name = "libsqlitejdbc-" + SQLiteJDBCLoader.getVersion() + ".so";
      Path target = dir.resolve(name);
      // the entry's size from the jar's directory: checking costs no inflating
      long size = url.openConnection().getContentLengthLong();
      if (!Files.isRegularFile(target) || Files.size(target) != size) {
        Files.createDirectories(dir);
        Path partial = Files.createTempFile(dir, name, ".partial");
        try (InputStream in = url.openStream()) {
          Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
          Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
          Files.deleteIfExists(partial);
        }
      }
      System.setProperty(PATH, dir.toAbsolutePath().toString());
      System.setProperty(NAME, name);
    } catch (IOException | RuntimeException e) {
      // a read-only or full disk: sqlite-jdbc unpacks to /tmp as it would have
    }
  }
}
