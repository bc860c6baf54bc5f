package io.berth.spec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A service's stages, hooks and timing (ignity's stages and knobs, ContainerPilot's hooks): what
 * runs in its container besides, before and after the main process.
 *
 * <p>Start: env files are merged, perms fixed, the {@code init} tasks run in order, the sidecars
 * start (not those declared down), the main process starts (after the sidecars are up or ready, if
 * asked), and the periodic tasks are scheduled. Stop: {@code preStop} runs and is waited for, the
 * main process gets the stop signal (KILL after the stop timeout), {@code postStop} runs, then the
 * sidecars are stopped while the {@code finalize} tasks run, and what is left is killed.
 *
 * @param tasks every task, the main one included (exactly one)
 * @param preStop run before the main process is signalled; the stop waits for it
 * @param postStop run after the main process ended; a non-zero exit replaces its exit code
 * @param timing the waits of start and stop
 * @param envFiles env files merged in order under the service's own env: absolute host paths, or
 *     {@code image:/path} for a file in the container; a directory means its files in name order
 * @param perms ownership and permission fixes applied before anything runs
 * @param skipPerms skip the fixes (ignity's {@code IGNITY_SKIP_PERMS})
 * @param templates files rendered into the container and kept current
 * @param backends services this one follows in discovery
 * @param sensors commands whose output becomes metrics
 */
public record Lifecycle(
    List<TaskSpec> tasks,
    Hook preStop,
    Hook postStop,
    Timing timing,
    List<String> envFiles,
    List<PermSpec> perms,
    boolean skipPerms,
    List<TemplateSpec> templates,
    List<BackendSpec> backends,
    List<SensorSpec> sensors) {
  /** The main process alone: the container's command, no checks. */
  public static final Lifecycle NONE =
      new Lifecycle(
          List.of(TaskSpec.main(List.of(), null)),
          null,
          null,
          null,
          null,
          null,
          false,
          null,
          null,
          null);

  public static final String IMAGE_PREFIX = "image:";

  public Lifecycle {
    tasks = tasks == null ? List.of() : List.copyOf(tasks);
    List<TaskSpec> mains = tasks.stream().filter(t -> t.role() == TaskSpec.Role.MAIN).toList();
    if (mains.size() > 1) {
      throw new IllegalArgumentException(
          "a service has one main task; %s are main"
              .formatted(mains.stream().map(TaskSpec::name).toList()));
    }
    if (mains.isEmpty()) {
      List<TaskSpec> all = new ArrayList<>(tasks.size() + 1);
      all.add(TaskSpec.main(List.of(), null));
      all.addAll(tasks);
      tasks = List.copyOf(all);
    }
    Set<String> names = new HashSet<>();
    for (TaskSpec task : tasks) {
      if (!names.add(task.name())) {
        throw new IllegalArgumentException("two tasks are named " + task.name());
      }
    }
    timing = timing == null ? Timing.DEFAULT : timing;
    envFiles = envFiles == null ? List.of() : List.copyOf(envFiles);
    for (String file : envFiles) {
      String path = file.startsWith(IMAGE_PREFIX) ? file.substring(IMAGE_PREFIX.length()) : file;
      if (!path.startsWith("/") || PathNames.hasDotDot(path)) {
        throw new IllegalArgumentException(
            "env file '%s': expected an absolute path without '..', or image:/path for a file in the image"
                .formatted(file));
      }
    }
    perms = perms == null ? List.of() : List.copyOf(perms);
    templates = templates == null ? List.of() : List.copyOf(templates);
    backends = backends == null ? List.of() : List.copyOf(backends);
    sensors = sensors == null ? List.of() : List.copyOf(sensors);
    Set<String> sensorNames = new HashSet<>();
    for (SensorSpec sensor : sensors) {
      if (!sensorNames.add(sensor.name())) {
        throw new IllegalArgumentException("sensor %s is declared twice".formatted(sensor.name()));
      }
    }
    Set<String> backendNames = new HashSet<>();
    for (BackendSpec backend : backends) {
      if (!backendNames.add(backend.name())) {
        throw new IllegalArgumentException(
            "backend %s is declared twice".formatted(backend.name()));
      }
    }
    Set<String> destinations = new HashSet<>();
    for (TemplateSpec template : templates) {
      if (!destinations.add(template.destination())) {
        throw new IllegalArgumentException("two templates render into " + template.destination());
      }
    }
  }

  /** Without templates. */
  public Lifecycle(
      List<TaskSpec> tasks,
      Hook preStop,
      Hook postStop,
      Timing timing,
      List<String> envFiles,
      List<PermSpec> perms,
      boolean skipPerms) {
    this(
        tasks, preStop, postStop, timing, envFiles, perms, skipPerms, List.of(), List.of(),
        List.of());
  }

  /** The main task. */
  public TaskSpec main() {
    return tasks.stream().filter(t -> t.role() == TaskSpec.Role.MAIN).findFirst().orElseThrow();
  }

  /** The tasks of {@code role}, in the order declared. */
  public List<TaskSpec> tasks(TaskSpec.Role role) {
    return tasks.stream().filter(t -> t.role() == role).toList();
  }

  /** The task named {@code name}, or null. */
  public TaskSpec task(String name) {
    return tasks.stream().filter(t -> t.name().equals(name)).findFirst().orElse(null);
  }

  /** This lifecycle with {@code main} as its main task. */
  public Lifecycle withMain(TaskSpec main) {
    List<TaskSpec> all = new ArrayList<>();
    for (TaskSpec task : tasks) {
      all.add(task.role() == TaskSpec.Role.MAIN ? main : task);
    }
    return new Lifecycle(
        all, preStop, postStop, timing, envFiles, perms, skipPerms, templates, backends, sensors);
  }

  /**
   * A hook: a command and the longest it may take before it is killed.
   *
   * @param timeout null for the default of the hook's place (the stop timeout for preStop)
   */
  public record Hook(ProcessSpec process, Duration timeout) {
    public Hook {
      if (process == null) {
        throw new IllegalArgumentException("a hook needs a command");
      }
      if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
        throw new IllegalArgumentException("a hook's timeout must be positive");
      }
    }
  }

  /** Whether the main process waits for the sidecars. */
  public enum WaitFor {
    NONE,
    /** Until every sidecar started. */
    UP,
    /** Until every sidecar is ready. */
    READY
  }

  /**
   * ignity's knobs, with its defaults.
   *
   * @param waitForSidecars what the main process waits for (IGNITY_CMD_WAIT_FOR_SERVICES)
   * @param waitMax the longest it waits before it starts anyway
   *     (IGNITY_CMD_WAIT_FOR_SERVICES_MAXTIME, 5 s)
   * @param finalizeMax the longest each finalize task may take (IGNITY_KILL_FINALIZE_MAXTIME, 5 s)
   * @param servicesGrace how long sidecars have to end after their stop signal before KILL
   *     (IGNITY_SERVICES_GRACETIME, 5 s)
   * @param killGrace how long what is left in the container has to end after TERM before KILL
   *     (IGNITY_KILL_GRACETIME, 3 s)
   */
  public record Timing(
      WaitFor waitForSidecars,
      Duration waitMax,
      Duration finalizeMax,
      Duration servicesGrace,
      Duration killGrace) {
    public static final Timing DEFAULT =
        new Timing(
            WaitFor.NONE,
            Duration.ofSeconds(5),
            Duration.ofSeconds(5),
            Duration.ofSeconds(5),
            Duration.ofSeconds(3));

    public Timing {
      waitForSidecars = waitForSidecars == null ? WaitFor.NONE : waitForSidecars;
      waitMax = orDefault(waitMax, Duration.ofSeconds(5), "waitMax");
      finalizeMax = orDefault(finalizeMax, Duration.ofSeconds(5), "finalizeMax");
      servicesGrace = orDefault(servicesGrace, Duration.ofSeconds(5), "servicesGrace");
      killGrace = orDefault(killGrace, Duration.ofSeconds(3), "killGrace");
    }

    private static Duration orDefault(Duration value, Duration otherwise, String field) {
      if (value == null) {
        return otherwise;
      }
      if (value.isNegative()) {
        throw new IllegalArgumentException("timing." + field + " cannot be negative");
      }
      return value;
    }
  }
}
