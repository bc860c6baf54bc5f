package io.berth.os;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What {@link Spawner#spawn} starts: the argument vector, the whole environment (nothing is
 * inherited from this process), the working directory, the descriptors that become the child's
 * standard input, output and error, and whether it leads a new process group.
 *
 * <p>{@code argv.get(0)} is the program: a path when it contains a slash (a relative one is
 * resolved in {@code directory}), otherwise a name searched in <em>this</em> process's {@code
 * PATH}, as {@code posix_spawnp} does, not in the child's environment.
 *
 * <p>A standard descriptor is either {@link #DEV_NULL} (the child opens {@code /dev/null}) or a
 * descriptor of this process; a descriptor below 3 may only stand for itself (stdin 0, stdout 1,
 * stderr 2), because the child's 0, 1 and 2 are replaced one after the other.
 *
 * @param environment {@code NAME=value} entries
 * @param extraFds descriptors of this process that become the child's 3, 4, ... in order ({@link
 *     #DEV_NULL} for /dev/null); every other descriptor is closed
 */
public record SpawnRequest(
    List<String> argv,
    List<String> environment,
    Path directory,
    int stdin,
    int stdout,
    int stderr,
    boolean newProcessGroup,
    List<Integer> extraFds) {
  /** As a standard descriptor: the child opens {@code /dev/null} read-write in its place. */
  public static final int DEV_NULL = -1;

  public SpawnRequest {
    argv = List.copyOf(argv);
    environment = List.copyOf(environment);
    if (argv.isEmpty() || argv.getFirst().isEmpty()) {
      throw new IllegalArgumentException("argv needs a program as its first element");
    }
    for (String arg : argv) {
      noNul(arg, "argument");
    }
    for (String entry : environment) {
      noNul(entry, "environment entry");
      if (entry.indexOf('=') < 1) {
        throw new IllegalArgumentException(
            "environment entry '%s' is not NAME=value".formatted(entry));
      }
    }
    if (!directory.isAbsolute()) {
      throw new IllegalArgumentException("working directory " + directory + " is not absolute");
    }
    checkStandard(stdin, 0, "stdin");
    checkStandard(stdout, 1, "stdout");
    checkStandard(stderr, 2, "stderr");
    extraFds = extraFds == null ? List.of() : List.copyOf(extraFds);
    for (int fd : extraFds) {
      if (fd != DEV_NULL && fd < 0) {
        throw new IllegalArgumentException("extra descriptor " + fd + " is not a descriptor");
      }
    }
  }

  /** {@code argv} with an empty environment, in {@code /}, with stdio on {@code /dev/null}. */
  public static SpawnRequest of(List<String> argv) {
    return new SpawnRequest(
        argv, List.of(), Path.of("/"), DEV_NULL, DEV_NULL, DEV_NULL, false, List.of());
  }

  public static SpawnRequest of(String... argv) {
    return of(List.of(argv));
  }

  public SpawnRequest withEnvironment(List<String> entries) {
    return new SpawnRequest(
        argv, entries, directory, stdin, stdout, stderr, newProcessGroup, extraFds);
  }

  public SpawnRequest withEnvironment(Map<String, String> variables) {
    List<String> entries = new ArrayList<>(variables.size());
    variables.forEach((name, value) -> entries.add(name + "=" + value));
    return withEnvironment(entries);
  }

  public SpawnRequest withDirectory(Path dir) {
    return new SpawnRequest(
        argv, environment, dir, stdin, stdout, stderr, newProcessGroup, extraFds);
  }

  public SpawnRequest withStdin(int fd) {
    return new SpawnRequest(
        argv, environment, directory, fd, stdout, stderr, newProcessGroup, extraFds);
  }

  public SpawnRequest withStdout(int fd) {
    return new SpawnRequest(
        argv, environment, directory, stdin, fd, stderr, newProcessGroup, extraFds);
  }

  public SpawnRequest withStderr(int fd) {
    return new SpawnRequest(
        argv, environment, directory, stdin, stdout, fd, newProcessGroup, extraFds);
  }

  /** Whether the child becomes the leader of a new process group (its pgid is its pid). */
  public SpawnRequest withNewProcessGroup(boolean newGroup) {
    return new SpawnRequest(
        argv, environment, directory, stdin, stdout, stderr, newGroup, extraFds);
  }

  /** With {@code fds} as the child's descriptors 3, 4, ... */
  public SpawnRequest withExtraFds(List<Integer> fds) {
    return new SpawnRequest(
        argv, environment, directory, stdin, stdout, stderr, newProcessGroup, fds);
  }

  private static void noNul(String s, String what) {
    if (s.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(what + " '" + s.replace('\0', '?') + "' contains NUL");
    }
  }

  private static void checkStandard(int fd, int target, String name) {
    if (fd != DEV_NULL && (fd < 0 || (fd < 3 && fd != target))) {
      throw new IllegalArgumentException(
          "%s must be DEV_NULL, %d, or a descriptor from 3 up, not %d".formatted(name, target, fd));
    }
  }
}
