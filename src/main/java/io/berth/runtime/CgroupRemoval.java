package io.berth.runtime;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes what is left of a container's cgroup after {@code runc delete}. When a container's init
 * ends, the kernel kills the rest of its PID namespace, but those processes may still be exiting
 * when runc removes the cgroup; runc retries for a moment and then gives up on that hierarchy, and
 * an empty cgroup stays behind for good (seen under load: some v1 hierarchies removed, others not).
 * Here each hierarchy's directory is removed, nested ones first; a process still in one is killed
 * (the container is over), and the removal is retried until {@code patience} runs out.
 */
final class CgroupRemoval {
  private static final Logger LOG = LoggerFactory.getLogger(CgroupRemoval.class);
  static final Path HOST = Path.of("/sys/fs/cgroup");

  private CgroupRemoval() {}

  /**
   * Removes {@code relative} (a cgroup path such as {@code /berth/<id>}) from every hierarchy
   * mounted under {@code root}: the unified one at the root itself or beside the v1 ones.
   *
   * @return whether nothing is left
   */
  static boolean remove(Path root, String relative, Duration patience) {
    String inside = relative.startsWith("/") ? relative.substring(1) : relative;
    List<Path> left = new ArrayList<>();
    for (Path hierarchy : hierarchies(root)) {
      Path dir = hierarchy.resolve(inside);
      if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        left.add(dir);
      }
    }
    long deadline = System.nanoTime() + patience.toNanos();
    long wait = 10;
    while (true) {
      left.removeIf(CgroupRemoval::removeTree);
      if (left.isEmpty()) {
        return true;
      }
      if (System.nanoTime() > deadline) {
        LOG.warn("cgroup {} is still there after {} s: {}", relative, patience.toSeconds(), left);
        return false;
      }
      left.forEach(CgroupRemoval::killProcesses);
      try {
        Thread.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
      wait = Math.min(wait * 2, 200);
    }
  }

  /**
   * The hierarchies under {@code root}: the root itself when it is the unified one (cgroup v2),
   * else each directory there that is a hierarchy of its own (the v1 controllers and the hybrid
   * host's {@code unified}; {@code cpu} and {@code cpuacct} are links to {@code cpu,cpuacct}).
   */
  private static List<Path> hierarchies(Path root) {
    if (Files.exists(root.resolve("cgroup.controllers"))) {
      return List.of(root);
    }
    List<Path> hierarchies = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
      for (Path entry : entries) {
        if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)
            && Files.exists(entry.resolve("cgroup.procs"))) {
          hierarchies.add(entry);
        }
      }
    } catch (IOException e) {
      LOG.debug("listing {}: {}", root, e.getMessage());
    }
    return hierarchies;
  }

  /** Removes {@code dir} and the cgroups under it, deepest first; true when it is gone. */
  private static boolean removeTree(Path dir) {
    List<Path> cgroups;
    try (Stream<Path> walk = Files.walk(dir)) {
      cgroups =
          walk.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
              .sorted(Comparator.comparingInt(Path::getNameCount).reversed())
              .toList();
    } catch (NoSuchFileException e) {
      return true;
    } catch (IOException | java.io.UncheckedIOException e) {
      return false;
    }
    for (Path cgroup : cgroups) {
      try {
        Files.deleteIfExists(cgroup); // rmdir: a cgroup's own files go with it
      } catch (FileSystemException e) {
        return false; // EBUSY: a process is still in it
      } catch (IOException e) {
        LOG.debug("removing cgroup {}: {}", cgroup, e.getMessage());
        return false;
      }
    }
    return true;
  }

  private static void killProcesses(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path procs : walk.filter(p -> p.endsWith("cgroup.procs")).toList()) {
        for (String line : Files.readAllLines(procs)) {
          if (!line.isBlank()) {
            ProcessHandle.of(Long.parseLong(line.strip()))
                .ifPresent(ProcessHandle::destroyForcibly);
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("reading the processes of cgroup {}: {}", dir, e.getMessage());
    }
  }
}
