package io.berth.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a container can leave behind on the host: mounts under a root, this JVM's open file
 * descriptors, cgroups under berth's name, zombie children. Tests compare a snapshot taken before
 * with one taken after.
 */
record Leaks(long mounts, long fds, long cgroups, long zombies) {
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
          // JVM's own descriptors (sockets of keep-alive caches, selectors) come and go.
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith(prefix) || target.equals("anon_inode:[pidfd]")) {
            fds++;
          }
        } catch (IOException e) {
          // closed while we looked
        }
      }
    }
    long cgroups = 0;
    for (String controller : List.of("memory", "pids", "cpu", "unified")) {
      Path berth = Path.of("/sys/fs/cgroup", controller, "berth");
      if (Files.isDirectory(berth)) {
        try (Stream<Path> groups = Files.list(berth)) {
          cgroups += groups.filter(Files::isDirectory).count();
        }
      }
    }
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
}
