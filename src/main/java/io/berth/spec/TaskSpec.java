package io.berth.spec;

import java.time.Duration;
import java.util.List;

/**
 * One process of a service, by its role (ignity's stages, ContainerPilot's jobs), run in the
 * service's container by the agent.
 *
 * @param name unique in the service
 * @param role when it runs and what its end means
 * @param process what runs; for {@link Role#MAIN} null means the container's own command (the
 *     image's entrypoint and command, or the service's)
 * @param restart for a sidecar: when it is started again after it ends
 * @param down for a sidecar: not started with the service, only on demand
 * @param finish for a sidecar: run each time it ends, with the exit code as its argument and in
 *     {@code BERTH_EXIT_CODE}; exiting 125 keeps the sidecar down (s6's rule)
 * @param stopService for a sidecar: when its end stops the whole service
 * @param timeout the longest an init, finalize or periodic run may take before it is killed; null
 *     for none (finalize tasks take the service's {@code finalizeMax})
 * @param readiness how the process says it is ready
 * @param checks health checks of a main or sidecar process
 * @param schedule for a periodic task: when it runs
 * @param overlap for a periodic task: whether a run may start while the last one still runs
 * @param keepRuns for a periodic task: how many past runs (exit code, output) are kept
 */
public record TaskSpec(
    String name,
    Role role,
    ProcessSpec process,
    ServiceSpec.RestartPolicy restart,
    boolean down,
    ProcessSpec finish,
    StopService stopService,
    Duration timeout,
    Readiness readiness,
    List<CheckSpec> checks,
    Schedule schedule,
    boolean overlap,
    int keepRuns) {
  public static final int DEFAULT_KEEP_RUNS = 10;

  /** The stages of a service. */
  public enum Role {
    /** Runs to completion, in order, before anything else; a failure fails the start. */
    INIT,
    /** The service's command: when it ends, the service ends. */
    MAIN,
    /** Runs beside the main process, supervised and restarted by its own policy. */
    SIDECAR,
    /** Runs when the service stops, in parallel with stopping the sidecars. */
    FINALIZE,
    /** Runs on a schedule while the service runs. */
    PERIODIC;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** When a sidecar's end stops the service. */
  public enum StopService {
    NEVER,
    ON_FAILURE,
    ALWAYS
  }

  /**
   * How a process tells it is ready: by writing a newline to the descriptor {@code notifyFd} (s6's
   * notification-fd, from 3 up), or by passing its first health check; {@code notifyFd} 0 means by
   * the check, or as soon as it runs when it has none.
   */
  public record Readiness(int notifyFd) {
    public static final Readiness DEFAULT = new Readiness(0);

    public Readiness {
      if (notifyFd != 0 && (notifyFd < 3 || notifyFd > 63)) {
        throw new IllegalArgumentException(
            "the notification descriptor must be from 3 to 63, not " + notifyFd);
      }
    }
  }

  public TaskSpec {
    if (name == null || !name.matches("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}")) {
      throw new IllegalArgumentException(
          "invalid task name '%s': letters, digits, '_', '.' and '-', up to 63, starting with a letter or digit"
              .formatted(name));
    }
    if (role == null) {
      throw new IllegalArgumentException("task %s has no role".formatted(name));
    }
    if (process == null && role != Role.MAIN) {
      throw new IllegalArgumentException("task %s has no command".formatted(name));
    }
    checks = checks == null ? List.of() : List.copyOf(checks);
    readiness = readiness == null ? Readiness.DEFAULT : readiness;
    stopService = stopService == null ? StopService.NEVER : stopService;
    boolean longRunning = role == Role.MAIN || role == Role.SIDECAR;
    if (!longRunning && (!checks.isEmpty() || readiness.notifyFd() != 0)) {
      throw new IllegalArgumentException(
          "task %s: only main and sidecar tasks have health checks and readiness".formatted(name));
    }
    if (role != Role.SIDECAR) {
      if (restart != null || down || finish != null || stopService != StopService.NEVER) {
        throw new IllegalArgumentException(
            "task %s: restart, down, finish and stopService are for sidecars".formatted(name));
      }
    } else {
      restart = restart == null ? ServiceSpec.RestartPolicy.DEFAULT : restart;
    }
    if (role == Role.PERIODIC) {
      if (schedule == null) {
        throw new IllegalArgumentException("periodic task %s needs a schedule".formatted(name));
      }
      if (keepRuns < 0) {
        throw new IllegalArgumentException("task %s: keep cannot be negative".formatted(name));
      }
      keepRuns = keepRuns == 0 ? DEFAULT_KEEP_RUNS : keepRuns;
    } else if (schedule != null || overlap) {
      throw new IllegalArgumentException(
          "task %s: schedule and overlap are for periodic tasks".formatted(name));
    }
    if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
      throw new IllegalArgumentException("task %s: the timeout must be positive".formatted(name));
    }
    if (timeout != null && longRunning) {
      throw new IllegalArgumentException(
          "task %s: a %s runs until it is stopped; timeout is for init, finalize and periodic tasks"
              .formatted(name, role.label()));
    }
    java.util.Set<String> checkNames = new java.util.HashSet<>();
    for (CheckSpec check : checks) {
      if (!checkNames.add(check.name())) {
        throw new IllegalArgumentException(
            "task %s has two checks named %s".formatted(name, check.name()));
      }
    }
  }

  /** The main task running the container's own command, with {@code checks}. */
  public static TaskSpec main(List<CheckSpec> checks, Readiness readiness) {
    return new TaskSpec(
        "main", Role.MAIN, null, null, false, null, null, null, readiness, checks, null, false, 0);
  }

  /** A task of {@code role} with nothing but its command. */
  public static TaskSpec of(String name, Role role, ProcessSpec process) {
    return new TaskSpec(
        name, role, process, null, false, null, null, null, null, null, null, false, 0);
  }

  /** Whether the process signals its readiness on a descriptor. */
  public boolean notifies() {
    return readiness.notifyFd() != 0;
  }
}
