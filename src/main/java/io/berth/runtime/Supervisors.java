package io.berth.runtime;

import java.time.Instant;
import java.util.Optional;

/**
 * Which berth process supervises a container: {@code pid@start-millis}. The start time tells a live
 * supervisor from a new process that got the same pid after the old one died.
 */
final class Supervisors {
  private Supervisors() {}

  static String self() {
    ProcessHandle me = ProcessHandle.current();
    return me.pid() + "@" + me.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
  }

  /** Whether {@code supervisor} names a process that is alive now. */
  static boolean alive(String supervisor) {
    if (supervisor == null) {
      return false;
    }
    String[] parts = supervisor.split("@", 2);
    try {
      long pid = Long.parseLong(parts[0]);
      long started = parts.length > 1 ? Long.parseLong(parts[1]) : 0;
      Optional<ProcessHandle> process = ProcessHandle.of(pid);
      return process.isPresent()
          && process.get().isAlive()
          && process.get().info().startInstant().map(Instant::toEpochMilli).orElse(0L) == started;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  static String pidOf(String supervisor) {
    return supervisor == null ? "?" : supervisor.split("@", 2)[0];
  }
}
