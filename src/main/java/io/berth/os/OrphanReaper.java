package io.berth.os;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntPredicate;

/**
 * Reaps zombie children of this process that nobody waits for. As a subreaper the agent inherits
 * every process orphaned below it (what {@code runc exec -d} leaves, double-forked daemons); each
 * becomes a zombie here when it ends, and would stay one.
 *
 * <p>A scan reads {@code /proc/[pid]/stat} for every process and picks the zombies (state {@code
 * Z}) whose parent is this process. It skips the pids the {@code watched} predicate names (those a
 * {@link Reaper} waits for) and it must not take children of the JDK's {@link ProcessBuilder},
 * whose exit status the JDK reports. The JDK cannot be asked which pids are its own, but its reaper
 * threads wait in {@code waitpid} for each of them from the start and collect a zombie at once. So
 * a zombie is reaped only when it is still a zombie, the same process (same start time), after
 * {@code minimumAge} (1 s by default) since a scan first saw it: reaping takes two scans at least
 * that far apart.
 *
 * <p>Not thread-safe: one owner calls {@link #scan}, typically every few seconds from a virtual
 * thread.
 */
public final class OrphanReaper {
  /** A zombie reaped by a scan: its pid, its command name and how it ended. */
  public record Orphan(int pid, String command, ExitStatus status) {}

  private record Zombie(int pid, String command, long startTime) {}

  private record Sighting(long startTime, long firstSeenNanos) {}

  private static final Path PROC = Path.of("/proc");

  private final IntPredicate watched;
  private final Duration minimumAge;
  private final Path proc;
  private final int self;
  private final Map<Integer, Sighting> seen = new HashMap<>();

  /** Skips the pids {@code watched} accepts, for example {@code reaper::isWatched}. */
  public OrphanReaper(IntPredicate watched) {
    this(watched, Duration.ofSeconds(1));
  }

  public OrphanReaper(IntPredicate watched, Duration minimumAge) {
    this(watched, minimumAge, PROC, (int) ProcessHandle.current().pid());
  }

  OrphanReaper(IntPredicate watched, Duration minimumAge, Path proc, int self) {
    if (minimumAge.isNegative()) {
      throw new IllegalArgumentException("minimum age " + minimumAge + " is negative");
    }
    this.watched = watched;
    this.minimumAge = minimumAge;
    this.proc = proc;
    this.self = self;
  }

  /**
   * Looks for zombie children of this process once: reaps those seen by an earlier scan at least
   * the minimum age ago, remembers the new ones, and returns what it reaped.
   */
  public List<Orphan> scan() throws IOException {
    long now = System.nanoTime();
    Map<Integer, Zombie> zombies = zombieChildren();
    seen.keySet().retainAll(zombies.keySet());
    List<Orphan> reaped = new ArrayList<>();
    for (Zombie zombie : zombies.values()) {
      if (watched.test(zombie.pid())) {
        seen.remove(zombie.pid());
        continue;
      }
      Sighting sighting = seen.get(zombie.pid());
      if (sighting == null || sighting.startTime() != zombie.startTime()) {
        seen.put(zombie.pid(), new Sighting(zombie.startTime(), now));
        continue;
      }
      if (now - sighting.firstSeenNanos() < minimumAge.toNanos()) {
        continue;
      }
      seen.remove(zombie.pid());
      reap(zombie).ifPresent(reaped::add);
    }
    return reaped;
  }

  private Optional<Orphan> reap(Zombie zombie) throws ErrnoException {
    try {
      return Processes.reap(zombie.pid())
          .map(status -> new Orphan(zombie.pid(), zombie.command(), status));
    } catch (ErrnoException e) {
      if (e.errno() == Errno.ECHILD) { // someone else reaped it after all
        return Optional.empty();
      }
      throw e;
    }
  }

  private Map<Integer, Zombie> zombieChildren() throws IOException {
    Map<Integer, Zombie> zombies = new HashMap<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(proc, OrphanReaper::isPid)) {
      for (Path entry : entries) {
        String stat;
        try {
          stat = readWhole(entry.resolve("stat"));
        } catch (NoSuchFileException e) {
          continue; // gone since the listing
        } catch (IOException e) {
          if (e.getMessage() != null && e.getMessage().contains("No such process")) {
            continue; // ESRCH: reaped while being read
          }
          throw e;
        }
        Zombie zombie = zombieChild(stat);
        if (zombie != null) {
          zombies.put(zombie.pid(), zombie);
        }
      }
    }
    return zombies;
  }

  /**
   * {@code /proc/[pid]/stat}: "pid (comm) state ppid ..." where comm may hold spaces and
   * parentheses, so the fields after it are found from the last ')'. Start time is field 22.
   */
  private Zombie zombieChild(String stat) {
    int open = stat.indexOf('(');
    int close = stat.lastIndexOf(')');
    if (open < 0 || close < open) {
      return null;
    }
    String[] fields = stat.substring(close + 2).split(" ");
    if (fields.length < 20 || !fields[0].equals("Z") || Integer.parseInt(fields[1]) != self) {
      return null;
    }
    return new Zombie(
        Integer.parseInt(stat.substring(0, open).strip()),
        stat.substring(open + 1, close),
        Long.parseLong(fields[19]));
  }

  /** In one read where it fits, so the line is one snapshot of the process. */
  private static String readWhole(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return new String(in.readNBytes(4096), StandardCharsets.UTF_8);
    }
  }

  private static boolean isPid(Path entry) {
    String name = entry.getFileName().toString();
    return !name.isEmpty() && name.chars().allMatch(c -> c >= '0' && c <= '9');
  }
}
