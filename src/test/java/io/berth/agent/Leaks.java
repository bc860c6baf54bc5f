package io.berth.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What a container can leave behind on the host: mounts under a root, this JVM's open file
 * descriptors, cgroups under berth's name, zombie children. Tests take a snapshot before and check
 * that the one after has nothing more ({@link #since}).
 */
record Leaks(long mounts, long fds, Set<String> cgroups, long zombies) {
  static final Leaks NONE = new Leaks(0, 0, Set.of(), 0);

  /**
   * What this snapshot has that {@code before} had not (more of each, never fewer). cgroups go by
   * name, since berth's cgroup directory is shared by every berth process on the host, and other
   * tests' containers come and go there meanwhile: a new one counts only if it is still there after
   * a few seconds, as a leaked one of this test's would be.
   */
  Leaks since(Leaks before) throws IOException {
    Set<String> added = new TreeSet<>(cgroups);
    added.removeAll(before.cgroups);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!added.isEmpty() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      added.retainAll(berthCgroups());
    }
    // fewer than before is no leak: a runc of an earlier container (its 'runc delete' runs after
    // the container's end, in the background) may have been a zombie when 'before' was counted
    return new Leaks(
        Math.max(0, mounts - before.mounts),
        Math.max(0, fds - before.fds),
        added,
        Math.max(0, zombies - before.zombies));
  }

  /**
   * What is left over since {@code before}, counted again for up to five seconds until nothing is:
   * a leak stays, while the runtime's background work (a 'runc delete' after a container's end, its
   * process a zombie for a moment) finishes by itself.
   */
  static Leaks after(Path root, Leaks before) throws IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    Leaks left = count(root).since(before);
    while (!left.equals(NONE) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      left = count(root).since(before);
    }
    return left;
  }

  /** Open descriptors that are not sockets, with what they point at, for a failure message. */
  static java.util.List<String> openFiles() throws IOException {
    java.util.List<String> files = new java.util.ArrayList<>();
    try (Stream<Path> open = Files.list(Path.of("/proc/self/fd"))) {
      for (Path fd : open.toList()) {
        try {
          files.add(fd.getFileName() + " -> " + Files.readSymbolicLink(fd));
        } catch (IOException e) {
          // closed while we looked
        }
      }
    }
    return files;
  }

  static Leaks count(Path root) throws IOException {
    String prefix = root.toAbsolutePath().normalize().getParent().toString();
    long mounts =
        Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
            .filter(l -> l.contains(prefix))
            .count();
    long fds = 0;
    try (Stream<Path> open = Files.list(Path.of("/proc/self/fd"))) {
      for (Path fd : open.toList()) {
        try {
          // Only what the runtime opens: files under berth's home (FIFOs, logs) and pidfds. The
          // JVM's own descriptors (sockets of keep-alive caches, selectors) come and go, and so do
          // those of the runtime's background deletion of a container's discarded directories.
          String target = Files.readSymbolicLink(fd).toString();
          if ((target.startsWith(prefix) && !target.contains(".discarded"))
              || target.equals("anon_inode:[pidfd]")) {
            fds++;
          }
        } catch (IOException e) {
          // closed while we looked
        }
      }
    }
    Set<String> cgroups = berthCgroups();
    long zombies = 0;
    long self = ProcessHandle.current().pid();
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
        try {
          String stat = Files.readAllLines(p.resolve("stat")).getFirst();
          String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          if (fields[0].equals("Z") && Long.parseLong(fields[1]) == self) {
            zombies++;
          }
        } catch (IOException | RuntimeException e) {
          // the process went away while we looked
        }
      }
    }
    return new Leaks(mounts, fds, cgroups, zombies);
  }

  private static Set<String> berthCgroups() throws IOException {
    Set<String> cgroups = new TreeSet<>();
    for (String controller : List.of("memory", "pids", "cpu", "unified")) {
      Path berth = Path.of("/sys/fs/cgroup", controller, "berth");
      if (Files.isDirectory(berth)) {
        try (Stream<Path> groups = Files.list(berth)) {
          groups
              .filter(Files::isDirectory)
              .forEach(g -> cgroups.add(controller + "/" + g.getFileName()));
        } catch (java.nio.file.NoSuchFileException e) {
          // removed while listed
        }
      }
    }
    return cgroups;
  }
}
