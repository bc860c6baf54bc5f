package io.berth.supervise;

import io.berth.api.LogLine;
import io.berth.events.EventSink;
import io.berth.os.ExitStatus;
import io.berth.os.Signals;
import io.berth.runtime.ContainerException;
import io.berth.runtime.ContainerRuntime;
import io.berth.runtime.TaskHandle;
import io.berth.runtime.TaskLaunch;
import io.berth.spec.CheckSpec;
import io.berth.spec.Durations;
import io.berth.spec.EnvFile;
import io.berth.spec.Lifecycle;
import io.berth.spec.PermSpec;
import io.berth.spec.ProcessSpec;
import io.berth.spec.ServiceSpec;
import io.berth.spec.TaskSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One generation of a service: its container, whose PID 1 is catatonit, and the processes the agent
 * runs in it by the service's lifecycle. Start: env files, permission fixes, init tasks in order,
 * sidecars, the wait for them, the main process and its checks, periodic tasks. Stop (asked, or
 * because the main process ended): preStop, the main process's stop signal and its timeout,
 * postStop, then the sidecars' stop in parallel with the finalize tasks, then whatever is left.
 */
final class Instance {
  private static final Logger LOG = LoggerFactory.getLogger(Instance.class);
  private static final int ENV_FILE_MAX = 1 << 20;
  private static final Duration HOOK_DEFAULT = Duration.ofSeconds(30);
  static final int OUTPUT_KEEP = 8192;

  /** Told what the instance cannot handle alone; called on the instance's threads. */
  interface Listener {
    /** The main process is unhealthy: the service restarts it by its policy. */
    void unhealthy(Instance instance, String reason);

    /** Something the service reads changed (a template): the service gets a new container. */
    void restart(Instance instance, String reason);
  }

  private final ServiceSpec spec;
  private final Lifecycle lifecycle;
  private final String id;
  private final ContainerRuntime runtime;
  private final EventSink events;
  private final ScheduledExecutorService timers;
  private final Listener listener;
  private final TemplateData data;
  private final List<TemplateFile> templates = new ArrayList<>();
  private final Backends backends;
  private final List<BackendWatch> backendWatches = new ArrayList<>();
  private final List<SensorRun> sensors = new ArrayList<>();
  private final Map<String, Sidecar> sidecars = new LinkedHashMap<>();
  private final Map<String, Periodic> periodics = new LinkedHashMap<>();
  private final CompletableFuture<Void> ready = new CompletableFuture<>();
  private final CompletableFuture<Void> stopped = new CompletableFuture<>();
  private final AtomicBoolean stopping = new AtomicBoolean();
  private volatile Map<String, String> fileEnv = Map.of();
  private volatile TaskHandle main;
  private volatile Health mainHealth;
  private volatile String phase = "starting";
  private volatile Integer mainExit;

  Instance(
      ServiceSpec spec,
      String containerId,
      ContainerRuntime runtime,
      EventSink events,
      ScheduledExecutorService timers,
      Listener listener,
      TemplateData data,
      Backends backends) {
    this.data = data;
    this.backends = backends;
    this.spec = spec;
    this.lifecycle = spec.lifecycle();
    this.id = containerId;
    this.runtime = runtime;
    this.events = events;
    this.timers = timers;
    this.listener = listener;
  }

  String containerId() {
    return id;
  }

  String service() {
    return spec.name();
  }

  ContainerRuntime runtime() {
    return runtime;
  }

  EventSink events() {
    return events;
  }

  ScheduledExecutorService timers() {
    return timers;
  }

  boolean stopping() {
    return stopping.get();
  }

  Duration servicesGrace() {
    return lifecycle.timing().servicesGrace();
  }

  /**
   * Whether the service says when it is ready (a notification descriptor, or health checks of its
   * main process); without, "up" means running for the update policy's minimum time.
   */
  boolean signalsReadiness() {
    TaskSpec m = lifecycle.main();
    return m.readiness().notifyFd() != 0 || !m.checks().isEmpty();
  }

  /** Completes when the main process is ready; fails if it ends first. */
  CompletableFuture<Void> ready() {
    return ready;
  }

  /** The main process's health, or null when it has no checks. */
  String health() {
    Health h = mainHealth;
    return h == null || !h.hasChecks() ? null : h.status().label();
  }

  // ------------------------------------------------------------------ start

  /**
   * Brings the instance up in its started container; on failure everything started is stopped and
   * the exception says which step failed, with the output of a failed task.
   */
  void start() throws IOException {
    try {
      loadEnvFiles();
      fixPermissions();
      renderTemplates();
      for (TaskSpec init : lifecycle.tasks(TaskSpec.Role.INIT)) {
        Outcome outcome = run(init.name(), init.process(), init.timeout(), Map.of(), List.of());
        if (!outcome.succeeded()) {
          throw new ContainerException(
              ContainerException.Kind.INVALID,
              "init task %s of service %s %s%s"
                  .formatted(init.name(), spec.name(), outcome.describe(), outcome.tail()));
        }
      }
      for (TaskSpec task : lifecycle.tasks(TaskSpec.Role.SIDECAR)) {
        Sidecar sidecar = new Sidecar(this, task);
        sidecars.put(task.name(), sidecar);
        if (!task.down()) {
          sidecar.start();
        }
      }
      waitForSidecars();
      startMain();
      followBackends();
      startSensors();
      for (TaskSpec task : lifecycle.tasks(TaskSpec.Role.PERIODIC)) {
        Periodic periodic = new Periodic(this, task);
        periodics.put(task.name(), periodic);
        periodic.schedule();
      }
      phase = "running";
    } catch (IOException | RuntimeException e) {
      abort();
      throw e;
    }
  }

  /**
   * Takes over an instance whose container outlived the agent: its main process and sidecars run on
   * (the runtime adopted them); sidecars that do not run are started; checks and schedules begin
   * again. A container whose main process is gone is stopped.
   */
  void adopt() throws IOException {
    try {
      loadEnvFiles();
    } catch (IOException e) {
      LOG.warn("service {}: env files after a restart: {}", spec.name(), e.getMessage());
    }
    Map<String, TaskHandle> running = new LinkedHashMap<>();
    for (TaskHandle task : runtime.tasks(id)) {
      running.put(task.name(), task);
    }
    for (TaskSpec task : lifecycle.tasks(TaskSpec.Role.SIDECAR)) {
      Sidecar sidecar = new Sidecar(this, task);
      sidecars.put(task.name(), sidecar);
      TaskHandle handle = running.get(task.name());
      if (handle != null) {
        sidecar.adopt(handle);
      } else if (!task.down()) {
        sidecar.start();
      }
    }
    try {
      renderTemplates();
    } catch (IOException e) {
      LOG.warn("service {}: templates after a restart: {}", spec.name(), e.getMessage());
    }
    TaskHandle adopted = runtime.mainTask(id).orElse(null);
    if (adopted == null) {
      phase = "running";
      stop("the main process is gone");
      return;
    }
    watchMain(adopted, lifecycle.main());
    ready.complete(null);
    try {
      followBackends();
    } catch (IOException e) {
      LOG.warn("service {}: backends after a restart: {}", spec.name(), e.getMessage());
    }
    startSensors();
    for (TaskSpec task : lifecycle.tasks(TaskSpec.Role.PERIODIC)) {
      Periodic periodic = new Periodic(this, task);
      periodics.put(task.name(), periodic);
      periodic.schedule();
    }
    phase = "running";
  }

  private void loadEnvFiles() throws IOException {
    Map<String, String> vars = new LinkedHashMap<>();
    for (String file : lifecycle.envFiles()) {
      if (file.startsWith(Lifecycle.IMAGE_PREFIX)) {
        String path = file.substring(Lifecycle.IMAGE_PREFIX.length());
        Map<String, byte[]> found = runtime.readFiles(id, path, ENV_FILE_MAX);
        if (found.isEmpty()) {
          throw new ContainerException(
              ContainerException.Kind.INVALID,
              "service %s: env file %s is not in the container".formatted(spec.name(), file));
        }
        for (var entry : found.entrySet()) {
          vars.putAll(
              parseEnv(new String(entry.getValue(), StandardCharsets.UTF_8), entry.getKey()));
        }
      } else {
        Path path = Path.of(file);
        List<Path> files;
        if (Files.isDirectory(path)) {
          try (Stream<Path> listing = Files.list(path)) {
            files = listing.filter(Files::isRegularFile).sorted().toList();
          }
        } else if (Files.isRegularFile(path)) {
          files = List.of(path);
        } else {
          throw new ContainerException(
              ContainerException.Kind.INVALID,
              "service %s: env file %s does not exist".formatted(spec.name(), file));
        }
        for (Path f : files) {
          if (Files.size(f) > ENV_FILE_MAX) {
            throw new ContainerException(
                ContainerException.Kind.INVALID,
                "service %s: env file %s is larger than 1 MiB".formatted(spec.name(), f));
          }
          vars.putAll(parseEnv(Files.readString(f), f.toString()));
        }
      }
    }
    // the service's own env wins over the files (ignity's envs); the image's loses to them
    for (String key : spec.container().env().keySet()) {
      vars.remove(key);
    }
    fileEnv = Map.copyOf(vars);
  }

  private Map<String, String> parseEnv(String text, String source) throws ContainerException {
    try {
      return EnvFile.parse(text, source);
    } catch (IllegalArgumentException e) {
      throw new ContainerException(
          ContainerException.Kind.INVALID, "service %s: %s".formatted(spec.name(), e.getMessage()));
    }
  }

  /** The environment every process of the instance sees: the container's, then the env files. */
  Map<String, String> environment() throws IOException {
    Map<String, String> env = new LinkedHashMap<>(runtime.environment(id));
    env.putAll(fileEnv); // holds none of the service's own variables: those win
    return env;
  }

  private void fixPermissions() throws IOException {
    if (lifecycle.skipPerms() || lifecycle.perms().isEmpty()) {
      return;
    }
    Map<String, String> env = environment();
    for (PermSpec perm : lifecycle.perms()) {
      String account =
          perm.account() == null
              ? null
              : perm.account()
                  .replace("{{USERMAP_UID}}", env.getOrDefault("USERMAP_UID", "0"))
                  .replace("{{USERMAP_GID}}", env.getOrDefault("USERMAP_GID", "0"));
      int changed =
          runtime.fixPermissions(
              id,
              perm.path(),
              account,
              perm.fileMode() == null ? null : PermSpec.modeBits(perm.fileMode()),
              perm.dirMode() == null ? null : PermSpec.modeBits(perm.dirMode()),
              perm.recursive());
      LOG.debug("service {}: perms of {}: {} entries", spec.name(), perm.path(), changed);
    }
  }

  private void renderTemplates() throws IOException {
    for (io.berth.spec.TemplateSpec template : lifecycle.templates()) {
      TemplateFile file = new TemplateFile(this, template, data);
      templates.add(file);
      file.renderFirst();
    }
  }

  private void startSensors() {
    for (io.berth.spec.SensorSpec sensor : lifecycle.sensors()) {
      SensorRun run = new SensorRun(this, sensor);
      sensors.add(run);
      run.start();
    }
  }

  private void followBackends() throws IOException {
    for (io.berth.spec.BackendSpec backend : lifecycle.backends()) {
      BackendWatch watch = new BackendWatch(this, backend, backends);
      backendWatches.add(watch);
      watch.start();
    }
  }

  /** A template asks for a new container. */
  void restartRequested(String reason) {
    if (!stopping.get()) {
      listener.restart(this, reason);
    }
  }

  private void waitForSidecars() {
    Lifecycle.Timing timing = lifecycle.timing();
    if (timing.waitForSidecars() != Lifecycle.WaitFor.READY || sidecars.isEmpty()) {
      return; // UP: each sidecar was started before this point
    }
    long deadline = System.nanoTime() + timing.waitMax().toNanos();
    for (Sidecar sidecar : sidecars.values()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      try {
        sidecar.ready().get(left, TimeUnit.NANOSECONDS);
      } catch (TimeoutException | ExecutionException e) {
        // not ready in time, or it ended: the main process starts anyway (ignity's rule)
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void startMain() throws IOException {
    TaskSpec task = lifecycle.main();
    ProcessSpec process = task.process();
    Map<String, String> env = new LinkedHashMap<>(fileEnv);
    if (process != null) {
      env.putAll(process.env());
    }
    TaskHandle handle =
        runtime.spawn(
            id,
            new TaskLaunch(
                task.name(),
                process == null ? null : process.command(),
                env,
                process == null ? null : process.user(),
                process == null ? null : process.workdir(),
                task.readiness().notifyFd(),
                true,
                true,
                null));
    watchMain(handle, task);
  }

  private void watchMain(TaskHandle handle, TaskSpec task) throws IOException {
    main = handle;
    if (!task.checks().isEmpty()) {
      Health health =
          new Health(
              spec.name(),
              task.name(),
              id,
              task.checks(),
              environment(),
              runtime,
              events,
              timers,
              (h, from, to, reason) -> {
                if (to == Health.Status.HEALTHY) {
                  ready.complete(null);
                } else if (to == Health.Status.UNHEALTHY && !stopping.get()) {
                  listener.unhealthy(this, "main is unhealthy: " + reason);
                }
              });
      mainHealth = health;
      health.start();
    }
    if (task.readiness().notifyFd() != 0) {
      handle
          .ready()
          .whenComplete(
              (v, e) -> {
                if (e == null) {
                  ready.complete(null);
                }
              });
    } else if (task.checks().isEmpty()) {
      ready.complete(null);
    }
    handle
        .exit()
        .whenComplete(
            (status, failure) -> {
              mainExit = status == null ? null : status.shellCode();
              ready.completeExceptionally(
                  new IllegalStateException(
                      "the main process ended ("
                          + (status == null ? "how is unknown" : status.toString())
                          + ") before it was ready"));
              if (mainHealth != null) {
                mainHealth.stop();
              }
              Thread.ofVirtual()
                  .name("main-end-" + spec.name())
                  .start(
                      () ->
                          stop(
                              "the main process "
                                  + (status == null ? "ended" : status.toString())));
            });
  }

  // ------------------------------------------------------------------ tasks on demand

  /** Starts a sidecar that is down (declared down, stopped, or kept down by its finish hook). */
  void startTask(String name) throws IOException {
    Sidecar sidecar = sidecar(name);
    if (stopping.get()) {
      throw new ContainerException(
          ContainerException.Kind.CONFLICT,
          "service %s is stopping: %s cannot start".formatted(spec.name(), name));
    }
    sidecar.startOnDemand();
  }

  /** Stops a sidecar and keeps it down until it is started again. */
  void stopTask(String name) throws IOException {
    sidecar(name).stopOnDemand();
  }

  /** Sends {@code signal} to a running task, or to the main process when {@code name} is null. */
  void signal(String name, int signal) throws IOException {
    TaskHandle target;
    if (name == null || name.equals(lifecycle.main().name())) {
      target = main;
    } else if (sidecars.containsKey(name)) {
      target = sidecars.get(name).handle();
    } else if (periodics.containsKey(name)) {
      target = periodics.get(name).runningHandle();
    } else {
      throw new ContainerException(
          ContainerException.Kind.NOT_FOUND,
          "service %s has no task '%s' that runs; its tasks: %s"
              .formatted(
                  spec.name(), name, lifecycle.tasks().stream().map(TaskSpec::name).toList()));
    }
    if (target == null || !target.running()) {
      throw new ContainerException(
          ContainerException.Kind.CONFLICT,
          "task %s of service %s is not running"
              .formatted(name == null ? "main" : name, spec.name()));
    }
    target.signal(signal);
  }

  private Sidecar sidecar(String name) throws ContainerException {
    Sidecar sidecar = sidecars.get(name);
    if (sidecar == null) {
      throw new ContainerException(
          ContainerException.Kind.NOT_FOUND,
          "service %s has no sidecar '%s'; its sidecars: %s"
              .formatted(spec.name(), name, List.copyOf(sidecars.keySet())));
    }
    return sidecar;
  }

  /** A sidecar ended and its stopService rule says the service ends with it. */
  void stopServiceFor(String sidecar, String why) {
    Thread.ofVirtual()
        .name("stop-" + spec.name())
        .start(() -> stop("sidecar " + sidecar + " " + why + " (stopService)"));
  }

  // ------------------------------------------------------------------ stop

  /**
   * Runs the stop sequence once, on a thread of its own; every call returns its end. The container
   * is gone when it completes.
   */
  CompletableFuture<Void> stop(String reason) {
    if (stopping.compareAndSet(false, true)) {
      Thread.ofVirtual().name("stop-" + spec.name()).start(() -> stopSequence(reason));
    }
    return stopped;
  }

  /** Ends a start that failed: everything is killed, no hooks. */
  private void abort() {
    stopping.set(true);
    templates.forEach(TemplateFile::close);
    backendWatches.forEach(BackendWatch::close);
    sensors.forEach(SensorRun::close);
    sidecars.values().forEach(Sidecar::cancel);
    periodics.values().forEach(Periodic::cancel);
    if (mainHealth != null) {
      mainHealth.stop();
    }
    try {
      runtime.stop(id, Duration.ofSeconds(-1), false);
    } catch (IOException e) {
      LOG.warn("service {}: killing a failed start: {}", spec.name(), e.getMessage());
    }
    phase = "stopped";
    stopped.complete(null);
  }

  private void stopSequence(String reason) {
    phase = "stopping";
    Lifecycle.Timing timing = lifecycle.timing();
    try {
      LOG.info("service {}: stopping {}: {}", spec.name(), id.substring(0, 12), reason);
      events.publish(
          "service.stopping",
          spec.name(),
          Map.of("container", id, "reason", String.valueOf(reason)));
      periodics.values().forEach(Periodic::cancel);
      sidecars.values().forEach(Sidecar::cancel);
      templates.forEach(TemplateFile::close);
      backendWatches.forEach(BackendWatch::close);
      sensors.forEach(SensorRun::close);
      if (mainHealth != null) {
        mainHealth.stop();
      }
      TaskHandle m = main;
      ServiceSpec.StopPolicy policy = spec.stop();
      if (m != null && m.running()) {
        if (lifecycle.preStop() != null) {
          Outcome pre =
              run(
                  "preStop",
                  lifecycle.preStop().process(),
                  hookTimeout(lifecycle.preStop()),
                  Map.of(),
                  List.of());
          if (!pre.succeeded()) {
            LOG.warn("service {}: preStop {}{}", spec.name(), pre.describe(), pre.tail());
          }
        }
        stopMain(m, policy);
      }
      if (lifecycle.postStop() != null && m != null) {
        Outcome post =
            run(
                "postStop",
                lifecycle.postStop().process(),
                hookTimeout(lifecycle.postStop()),
                Map.of(),
                List.of());
        if (post.code() != null && post.code() != 0) {
          runtime.reportExit(id, ExitStatus.exited(post.code()));
        }
      }
      // sidecars stop while the finalize tasks run (ignity's kill stage)
      List<Thread> parallel = new ArrayList<>();
      for (Sidecar sidecar : sidecars.values()) {
        parallel.add(
            Thread.ofVirtual()
                .name("stop-" + spec.name() + "-" + sidecar.name())
                .start(() -> sidecar.stopWithService(timing.servicesGrace())));
      }
      parallel.add(
          Thread.ofVirtual().name("finalize-" + spec.name()).start(() -> finalizeTasks(timing)));
      for (Thread t : parallel) {
        t.join();
      }
      periodics.values().forEach(Periodic::killRunning);
      int others = runtime.signalOthers(id, Signals.SIGTERM);
      if (others > 0) {
        long deadline = System.nanoTime() + timing.killGrace().toNanos();
        while (runtime.countOthers(id) > 0 && System.nanoTime() < deadline) {
          Thread.sleep(50);
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("service {}: stopping: {}", spec.name(), e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      try {
        runtime.stop(id, Duration.ofSeconds(-1), false);
      } catch (IOException | RuntimeException e) {
        LOG.warn("service {}: stopping its container: {}", spec.name(), e.getMessage());
      }
      phase = "stopped";
      stopped.complete(null);
    }
  }

  private void stopMain(TaskHandle m, ServiceSpec.StopPolicy policy) throws IOException {
    Duration timeout = policy.timeout();
    if (timeout.isNegative()) {
      m.signal(Signals.SIGKILL);
    } else {
      int signal =
          policy.signal() != null ? Signals.parse(policy.signal()) : runtime.stopSignalOf(id);
      m.signal(signal);
      if (policy.neverKill()) {
        await(m, null);
      } else if (!await(m, timeout)) {
        LOG.info(
            "service {}: the main process did not end within {}: killed",
            spec.name(),
            Durations.format(timeout));
        m.signal(Signals.SIGKILL);
      }
    }
    await(m, Duration.ofSeconds(30));
  }

  private Duration hookTimeout(Lifecycle.Hook hook) {
    if (hook.timeout() != null) {
      return hook.timeout();
    }
    Duration stop = spec.stop().timeout();
    return stop.isNegative() || stop.isZero() || spec.stop().neverKill() ? HOOK_DEFAULT : stop;
  }

  private void finalizeTasks(Lifecycle.Timing timing) {
    for (TaskSpec task : lifecycle.tasks(TaskSpec.Role.FINALIZE)) {
      Duration limit = task.timeout() != null ? task.timeout() : timing.finalizeMax();
      try {
        Outcome outcome = run(task.name(), task.process(), limit, Map.of(), List.of());
        if (!outcome.succeeded()) {
          LOG.warn(
              "service {}: finalize task {} {}{}",
              spec.name(),
              task.name(),
              outcome.describe(),
              outcome.tail());
        }
      } catch (IOException e) {
        LOG.warn("service {}: finalize task {}: {}", spec.name(), task.name(), e.getMessage());
      }
    }
  }

  /** Completes when the stop sequence is done and the container is gone. */
  CompletableFuture<Void> stopped() {
    return stopped;
  }

  // ------------------------------------------------------------------ running commands

  /**
   * How a command run to its end went.
   *
   * @param code its exit code, or null when it was killed at its timeout or its end is unknown
   * @param timedOut it was killed at its timeout
   */
  record Outcome(Integer code, boolean timedOut, Duration timeout, String output) {
    boolean succeeded() {
      return code != null && code == 0;
    }

    String describe() {
      if (timedOut) {
        return "did not finish within " + Durations.format(timeout);
      }
      return code == null ? "ended, how is unknown" : "exited with code " + code;
    }

    String tail() {
      return output.isBlank() ? "" : ": " + output.strip();
    }
  }

  /**
   * Runs {@code process} in the container to its end, or until {@code timeout} (null: none) when it
   * is killed; its output goes to the container's log, marked with {@code name}, and its end is
   * kept for the outcome.
   */
  Outcome run(
      String name,
      ProcessSpec process,
      Duration timeout,
      Map<String, String> extraEnv,
      List<String> extraArgs)
      throws IOException {
    StringBuilder output = new StringBuilder();
    TaskHandle handle = spawn(name, process, extraEnv, extraArgs, 0, collector(output));
    return awaitOutcome(handle, timeout, output);
  }

  TaskHandle spawn(
      String name,
      ProcessSpec process,
      Map<String, String> extraEnv,
      List<String> extraArgs,
      int notifyFd,
      Consumer<LogLine> tap)
      throws IOException {
    Map<String, String> env = new LinkedHashMap<>(fileEnv);
    env.putAll(process.env());
    env.putAll(extraEnv);
    List<String> command = new ArrayList<>(process.command());
    command.addAll(extraArgs);
    return runtime.spawn(
        id,
        new TaskLaunch(
            name, command, env, process.user(), process.workdir(), notifyFd, false, true, tap));
  }

  static Consumer<LogLine> collector(StringBuilder output) {
    return line -> {
      synchronized (output) {
        output.append(line.text()).append('\n');
        if (output.length() > OUTPUT_KEEP) {
          output.delete(0, output.length() - OUTPUT_KEEP);
        }
      }
    };
  }

  static Outcome awaitOutcome(TaskHandle handle, Duration timeout, StringBuilder output)
      throws IOException {
    ExitStatus status;
    boolean timedOut = false;
    try {
      status =
          timeout == null
              ? handle.exit().get()
              : handle.exit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      timedOut = true;
      handle.signal(Signals.SIGKILL);
      status = null;
      await(handle, Duration.ofSeconds(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      handle.signal(Signals.SIGKILL);
      throw new IOException("interrupted while " + handle.name() + " ran", e);
    } catch (ExecutionException e) {
      status = null;
    }
    String text;
    synchronized (output) {
      text = output.toString();
    }
    return new Outcome(status == null ? null : status.shellCode(), timedOut, timeout, text);
  }

  /** Waits for a task to end, at most {@code limit} (null: without limit); whether it ended. */
  static boolean await(TaskHandle task, Duration limit) {
    try {
      if (limit == null) {
        task.exit().get();
      } else {
        task.exit().get(Math.max(1, limit.toMillis()), TimeUnit.MILLISECONDS);
      }
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException e) {
      return true;
    }
  }

  // ------------------------------------------------------------------ views

  List<TaskView> tasks() {
    List<TaskView> views = new ArrayList<>();
    for (TaskSpec task : lifecycle.tasks()) {
      switch (task.role()) {
        case MAIN -> {
          TaskHandle m = main;
          Health h = mainHealth;
          String status =
              m == null
                  ? phase.equals("starting") ? "waiting" : "exited"
                  : m.running()
                      ? ready.isDone() && !ready.isCompletedExceptionally() ? "ready" : "running"
                      : "exited";
          views.add(
              new TaskView(
                  task.name(),
                  task.role().label(),
                  status,
                  m != null && m.running() ? m.pid() : 0,
                  0,
                  mainExit,
                  h == null || !h.hasChecks() ? null : h.status().label(),
                  h == null ? List.of() : h.views(),
                  List.of()));
        }
        case SIDECAR -> {
          Sidecar sidecar = sidecars.get(task.name());
          if (sidecar != null) {
            views.add(sidecar.view());
          }
        }
        case PERIODIC -> {
          Periodic periodic = periodics.get(task.name());
          if (periodic != null) {
            views.add(periodic.view());
          }
        }
        case INIT, FINALIZE ->
            views.add(
                new TaskView(
                    task.name(),
                    task.role().label(),
                    task.role() == TaskSpec.Role.INIT ? "done" : "waiting",
                    0,
                    0,
                    null,
                    null,
                    List.of(),
                    List.of()));
      }
    }
    return views;
  }

  /** Health checks of a sidecar need the instance's environment. */
  Health health(TaskSpec task, Health.Listener onChange) throws IOException {
    List<CheckSpec> checks = task.checks();
    return new Health(
        spec.name(), task.name(), id, checks, environment(), runtime, events, timers, onChange);
  }
}
