package io.berth.api;

import java.time.Instant;
import java.util.List;

/**
 * One task of a service's running instance.
 *
 * @param role init, main, sidecar, finalize or periodic
 * @param status ready, running, down, backoff, crash-loop, exited, failed, scheduled, waiting, done
 * @param pid its process id on the host while it runs, else 0
 * @param restarts how often a sidecar was started again
 * @param exitCode how it last ended, or null
 * @param health healthy, unhealthy or starting for a process with checks, else null
 * @param checks its health checks as they stand
 * @param runs a periodic task's kept runs, newest first
 */
public record TaskInfo(
    String name,
    String role,
    String status,
    int pid,
    int restarts,
    Integer exitCode,
    String health,
    List<Check> checks,
    List<Run> runs) {
  public TaskInfo {
    checks = checks == null ? List.of() : List.copyOf(checks);
    runs = runs == null ? List.of() : List.copyOf(runs);
  }

  /**
   * A health check: its status by its thresholds, passes and failures in a row, and what its last
   * run said.
   */
  public record Check(
      String name,
      String target,
      String status,
      int failures,
      int successes,
      Instant lastPass,
      Instant lastRun,
      long lastMillis,
      String output) {}

  /**
   * One run of a periodic task.
   *
   * @param outcome ok, failed, timeout, skipped or error
   */
  public record Run(
      Instant started, Instant ended, String outcome, Integer exitCode, String output) {}
}
