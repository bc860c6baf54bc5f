package io.berth.runtime;

import io.berth.api.Change;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * What changed in a container's writable layer, as {@code docker diff} reports it: the overlay's
 * upper directory read against the image's layers. A whiteout (a 0/0 character device) is a
 * deletion; an entry that exists below is a change; anything else was added. The mount points berth
 * and runc create for their own files are left out.
 */
final class UpperDiff {
  private static final Set<String> OWN_MOUNT_POINTS =
      Set.of(
          "/etc/hosts",
          "/etc/hostname",
          "/etc/resolv.conf",
          "/dev",
          "/proc",
          "/sys",
          "/sbin/docker-init");

  private UpperDiff() {}

  /**
   * @param upper the upper directory
   * @param lowers the image's snapshot directories, top first
   * @param mountPoints more container paths to leave out (the user's mount targets)
   */
  static List<Change> changes(Path upper, List<Path> lowers, Set<String> mountPoints)
      throws IOException {
    List<Change> changes = new ArrayList<>();
    if (!Files.isDirectory(upper)) {
      return changes;
    }
    Files.walkFileTree(
        upper,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            if (!dir.equals(upper)) {
              record(dir, attrs);
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            record(file, attrs);
            return FileVisitResult.CONTINUE;
          }

          private void record(Path entry, BasicFileAttributes attrs) {
            String inside = "/" + upper.relativize(entry);
            if (OWN_MOUNT_POINTS.contains(inside) || mountPoints.contains(inside)) {
              return;
            }
            if (attrs.isOther() && isWhiteout(entry)) {
              changes.add(new Change("D", inside));
            } else if (existsBelow(lowers, inside)) {
              changes.add(new Change("C", inside));
            } else {
              changes.add(new Change("A", inside));
            }
          }
        });
    changes.sort(Comparator.comparing(Change::path));
    return changes;
  }

  private static boolean isWhiteout(Path entry) {
    try {
      Object rdev = Files.getAttribute(entry, "unix:rdev", LinkOption.NOFOLLOW_LINKS);
      return rdev instanceof Long r && r == 0L;
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  private static boolean existsBelow(List<Path> lowers, String inside) {
    String relative = inside.substring(1);
    for (Path lower : lowers) {
      Path candidate = lower.resolve(relative);
      if (Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
        return !(isWhiteoutQuietly(candidate));
      }
    }
    return false;
  }

  private static boolean isWhiteoutQuietly(Path candidate) {
    try {
      return Files.readAttributes(candidate, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
              .isOther()
          && isWhiteout(candidate);
    } catch (IOException e) {
      return false;
    }
  }
}
