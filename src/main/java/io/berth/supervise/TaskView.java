package io.berth.supervise;

import java.util.List;

/**
 * One task of a running service as the API shows it.
 *
 * @param role init, main, sidecar, finalize or periodic
 * @param status running, ready, down, backoff, exited, failed, scheduled, done, waiting
 * @param pid its process id on the host while it runs, else 0
 * @param restarts how often a sidecar was started again
 * @param exitCode how it last ended, or null
 * @param health healthy, unhealthy or starting for a process with checks, else null
 * @param checks its health checks
 * @param runs a periodic task's kept runs, newest first
 */
public record TaskView(
    String name,
    String role,
    String status,
    int pid,
    int restarts,
    Integer exitCode,
    String health,
    List<CheckView> checks,
    List<TaskRun> runs) {
  public TaskView {
    checks = checks == null ? List.of() : List.copyOf(checks);
    runs = runs == null ? List.of() : List.copyOf(runs);
  }
}
