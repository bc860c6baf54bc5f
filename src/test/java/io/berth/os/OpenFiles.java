package io.berth.os;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What this test JVM has open, from /proc/self/fd, to prove a test closed what it opened. */
final class OpenFiles {
  private OpenFiles() {}

  /** The targets of the open descriptors, like "pipe:[123]" or "anon_inode:[pidfd]". */
  static List<String> targets() throws IOException {
    List<String> targets = new ArrayList<>();
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
      for (Path fd : fds) {
        try {
          targets.add(Files.readSymbolicLink(fd).toString());
        } catch (NoSuchFileException e) {
          // the directory stream's own descriptor, closed meanwhile
        }
      }
    }
    return targets;
  }

  /** How many open descriptors are of the kinds berth's native layer makes, or lie under dir. */
  static long ours(Path dir) throws IOException {
    return targets().stream()
        .filter(
            t ->
                t.equals("anon_inode:[pidfd]")
                    || t.equals("anon_inode:[eventpoll]")
                    || t.equals("anon_inode:[eventfd]")
                    || t.equals("anon_inode:[fscontext]")
                    || (dir != null && t.startsWith(dir.toString())))
        .count();
  }
}
