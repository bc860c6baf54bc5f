package io.berth.supervise;

import io.berth.events.EventSink;
import io.berth.image.Image;
import io.berth.runtime.ContainerException;
import io.berth.runtime.ContainerRecord;
import io.berth.runtime.ContainerRuntime;
import io.berth.runtime.ContainerState;
import io.berth.spec.ContainerSpec;
import io.berth.spec.Digest;
import io.berth.spec.ImageRef;
import io.berth.spec.ServiceSpec;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one service true, on a thread of its own that handles one {@link Command} at a time, so a
 * restart, an upgrade and a user's stop never interleave. Its container runs from the digest the
 * service is on; when it ends, the restart policy decides; on schedule (or a webhook) the tag is
 * checked, and a new digest is pulled and brought up by the update order, and rolled back when it
 * does not come up.
 */
final class ServiceController {
  private static final Logger LOG = LoggerFactory.getLogger(ServiceController.class);
  static final String LABEL_SERVICE = "io.berth.service";
  static final String LABEL_GENERATION = "io.berth.service.generation";
  private static final int KEEP_EXITED = 3;

  private final ContainerRuntime runtime;
  private final ImageSource images;
  private final ServiceStore store;
  private final EventSink events;
  private final ScheduledExecutorService timers;
  private final java.util.function.Supplier<TemplateData> data;
  private final java.util.function.Supplier<Backends> backends;
  private final java.util.function.Supplier<ServiceEnv> added;
  private final LinkedBlockingQueue<Command> inbox = new LinkedBlockingQueue<>();
  private final Thread thread;

  private volatile ServiceSpec spec;
  private volatile ServiceState state;
  private volatile String status = "starting";
  private volatile Integer lastExitCode;
  private volatile Instant nextAttempt;
  private volatile Instant nextCheck;
  private volatile String lastError;
  private ScheduledFuture<?> pendingAttempt;
  private ScheduledFuture<?> pendingCheck;
  private boolean retired;
  private final Map<String, Instance> instances = new java.util.concurrent.ConcurrentHashMap<>();
  private final Map<String, AutoCloseable> envWatches =
      new java.util.concurrent.ConcurrentHashMap<>();
  private volatile boolean maintenance;

  ServiceController(
      ServiceSpec spec,
      ServiceState state,
      ContainerRuntime runtime,
      ImageSource images,
      ServiceStore store,
      EventSink events,
      ScheduledExecutorService timers,
      java.util.function.Supplier<TemplateData> data,
      java.util.function.Supplier<Backends> backends,
      java.util.function.Supplier<ServiceEnv> added) {
    this.added = added;
    this.data = data;
    this.backends = backends;
    this.spec = spec;
    this.state = state;
    this.runtime = runtime;
    this.images = images;
    this.store = store;
    this.events = events;
    this.timers = timers;
    this.thread = Thread.ofVirtual().name("service-" + spec.name()).unstarted(this::loop);
  }

  void start() {
    thread.start();
    adoptOrStart();
    scheduleCheck(Backoff.jittered(Duration.ofSeconds(1), spec.update().jitter()));
  }

  void send(Command command) {
    inbox.add(command);
  }

  String name() {
    return spec.name();
  }

  ServiceView view() {
    ServiceState s = state;
    Instance current = s.containerId() == null ? null : instances.get(s.containerId());
    return new ServiceView(
        spec.name(),
        spec,
        status,
        s.containerId(),
        s.digest() == null ? null : s.digest().toString(),
        s.previous() == null ? null : s.previous().toString(),
        pinned(),
        s.restarts(),
        lastExitCode,
        nextAttempt,
        lastError,
        nextCheck,
        current == null ? null : current.health(),
        maintenance,
        current == null ? List.of() : current.tasks());
  }

  /**
   * Maintenance: the service keeps running but reports itself out of service (discovery deregisters
   * it); returns whether it changed.
   */
  boolean maintenance(boolean on) {
    if (maintenance == on) {
      return false;
    }
    maintenance = on;
    events.publish("service.maintenance", spec.name(), Map.of("maintenance", Boolean.toString(on)));
    LOG.info("service {}: maintenance {}", spec.name(), on ? "on" : "off");
    return true;
  }

  boolean maintenance() {
    return maintenance;
  }

  /** The instance that runs the service now. */
  Instance current() throws ContainerException {
    String id = state.containerId();
    Instance current = id == null ? null : instances.get(id);
    if (current == null || current.stopping()) {
      throw new ContainerException(
          ContainerException.Kind.CONFLICT,
          "service %s is not running (%s)".formatted(spec.name(), status));
    }
    return current;
  }

  /** Waits for the controller's thread to end after a {@link Command.Retire}. */
  void join(Duration limit) throws InterruptedException {
    thread.join(limit);
  }

  private boolean pinned() {
    return reference().digest() != null;
  }

  private ImageRef reference() {
    return ImageRef.parse(spec.image());
  }

  // ------------------------------------------------------------------ the loop

  private void loop() {
    while (!retired) {
      Command command;
      try {
        command = inbox.take();
      } catch (InterruptedException e) {
        return;
      }
      try {
        handle(command);
      } catch (Throwable e) {
        // nothing may end the service's thread: the service would be left unattended
        lastError = e.getMessage();
        LOG.warn("service {}: {}", spec.name(), e.toString(), e);
        events.publish(
            "service.error", spec.name(), Map.of("error", String.valueOf(e.getMessage())));
        if (command instanceof Command.User(var action, var done)) {
          done.completeExceptionally(e);
        }
      }
    }
  }

  private void handle(Command command) throws IOException {
    switch (command) {
      case Command.Reconcile r -> reconcile();
      case Command.Exited(String id, ContainerRuntime.ExitRecord exit) -> exited(id, exit);
      case Command.CheckUpdate(boolean now) -> checkUpdate(now);
      case Command.Unhealthy(String id, String reason) -> unhealthy(id, reason);
      case Command.Restart(String id, String reason) -> {
        if (id.equals(state.containerId()) && !state.stopped() && !retired) {
          LOG.info("service {}: {}: a new container", spec.name(), reason);
          replace("restart", state.digest());
        }
      }
      case Command.Declare(ServiceSpec declared) -> declare(declared);
      case Command.User(ServiceAction action, CompletableFuture<ServiceView> done) -> {
        user(action);
        done.complete(view());
      }
      case Command.Retire(boolean remove, CompletableFuture<Void> done) -> {
        retire(remove);
        done.complete(null);
      }
    }
  }

  // ------------------------------------------------------------------ keeping it running

  /** After an agent start: take over the container that still runs the service, if any. */
  private void adoptOrStart() {
    try {
      ContainerRecord current = live(state.containerId());
      if (current == null) {
        // a container of this service that runs though the state does not name it (a crash in
        // the middle of an upgrade): the newest one is the service; the others are stopped
        for (ContainerRecord c : serviceContainers()) {
          if (c.state() == ContainerState.RUNNING && current == null) {
            current = c;
            state = state.withContainer(c.id(), state.digest());
            store.put(state);
          } else if (c.state().isActive()) {
            stopContainer(c.id(), false);
          }
        }
      }
      if (current != null) {
        adoptInstance(current.id());
        watch(current.id());
        status = "running";
        return;
      }
    } catch (IOException e) {
      lastError = e.getMessage();
    }
    send(new Command.Reconcile());
  }

  private void adoptInstance(String id) throws IOException {
    if (!runtime.paused(id)) {
      return; // a container of an older agent: its command is its PID 1, stopped as before
    }
    Instance instance = newInstance(id);
    instances.put(id, instance);
    instance.adopt();
  }

  private Instance newInstance(String id) {
    return new Instance(
        spec,
        id,
        runtime,
        events,
        timers,
        new Instance.Listener() {
          @Override
          public void unhealthy(Instance instance, String reason) {
            send(new Command.Unhealthy(instance.containerId(), reason));
          }

          @Override
          public void restart(Instance instance, String reason) {
            send(new Command.Restart(instance.containerId(), reason));
          }
        },
        data.get(),
        backends.get());
  }

  /** The main process turned unhealthy: it is stopped, and the restart policy decides. */
  private void unhealthy(String id, String reason) {
    if (!id.equals(state.containerId())) {
      return;
    }
    Instance instance = instances.get(id);
    if (instance == null || instance.stopping()) {
      return;
    }
    lastError = reason;
    LOG.warn("service {}: {}; restarted by its policy", spec.name(), reason);
    events.publish("service.unhealthy", spec.name(), Map.of("container", id, "reason", reason));
    instance.stop(reason); // its end arrives as Exited, where the restart policy applies
  }

  private void reconcile() throws IOException {
    if (state.stopped()) {
      status = "stopped";
      return;
    }
    if (live(state.containerId()) != null) {
      status = "running";
      return;
    }
    if (nextAttempt != null) {
      return; // a restart is scheduled already; its timer clears nextAttempt before it asks
    }
    Image image = imageToRun();
    String id;
    try {
      id = startContainer(image);
    } catch (IOException e) {
      startFailed(e);
      return;
    }
    state = state.withContainer(id, image.repoDigest());
    store.put(state);
    status = "running";
    lastError = null;
  }

  /** The image the service is on: the digest it ran, else what its tag names now. */
  private Image imageToRun() throws IOException {
    ImageRef ref = reference();
    Digest digest = ref.digest() != null ? ref.digest() : state.digest();
    if (digest != null) {
      var local = images.local(ref, digest);
      if (local.isPresent()) {
        return local.get();
      }
      if (ref.digest() != null) {
        return images.pull(ref);
      }
    }
    try {
      return images.pull(ref);
    } catch (IOException e) {
      status = "failed";
      scheduleAttempt(
          Backoff.delay(
              Math.max(1, state.restarts()),
              spec.restart().initialBackoff(),
              spec.restart().maxBackoff()));
      throw new IOException("cannot pull %s: %s".formatted(ref, e.getMessage()), e);
    }
  }

  private void exited(String id, ContainerRuntime.ExitRecord exit) throws IOException {
    closeEnvWatch(id);
    if (!id.equals(state.containerId())) {
      instances.remove(id);
      return; // a container the service no longer runs (replaced, rolled back): nothing to do
    }
    instances.remove(id);
    lastExitCode = exit.exitCode();
    state = state.withoutContainer();
    store.put(state);
    events.publish(
        "service.exit",
        spec.name(),
        Map.of("container", id, "exitCode", String.valueOf(exit.exitCode())));
    removeOldContainers();
    if (state.stopped() || retired) {
      status = "stopped";
      return;
    }
    ServiceSpec.RestartPolicy policy = spec.restart();
    boolean failed = exit.exitCode() == null || exit.exitCode() != 0;
    if (policy.mode() == ServiceSpec.RestartPolicy.Mode.NEVER
        || (policy.mode() == ServiceSpec.RestartPolicy.Mode.ON_FAILURE && !failed)) {
      status = "exited";
      return;
    }
    int restarts = countRestart(policy);
    Duration delay;
    if (restarts > policy.maxAttempts()) {
      status = "crash-loop";
      delay = Backoff.delay(32, policy.initialBackoff(), policy.maxBackoff());
      events.publish(
          "service.crash-loop",
          spec.name(),
          Map.of("restarts", Integer.toString(restarts), "window", policy.window().toString()));
    } else {
      status = "backoff";
      delay = Backoff.delay(restarts, policy.initialBackoff(), policy.maxBackoff());
    }
    events.publish(
        "service.restart",
        spec.name(),
        Map.of(
            "attempt", Integer.toString(restarts), "delayMillis", Long.toString(delay.toMillis())));
    scheduleAttempt(delay);
  }

  /** Counts one more restart in the policy's window (a new window when the last one passed). */
  private int countRestart(ServiceSpec.RestartPolicy policy) throws IOException {
    Instant now = Instant.now();
    int restarts = state.restarts();
    Instant window = state.windowStart();
    if (window == null || Duration.between(window, now).compareTo(policy.window()) > 0) {
      restarts = 0;
      window = now;
    }
    restarts++;
    state = state.withRestarts(restarts, window);
    store.put(state);
    return restarts;
  }

  /** A start that failed (an init task, a missing env file) is retried by the restart policy. */
  private void startFailed(IOException e) throws IOException {
    lastError = e.getMessage();
    LOG.warn("service {}: {}", spec.name(), e.getMessage());
    events.publish("service.error", spec.name(), Map.of("error", String.valueOf(e.getMessage())));
    ServiceSpec.RestartPolicy policy = spec.restart();
    if (policy.mode() == ServiceSpec.RestartPolicy.Mode.NEVER) {
      status = "failed";
      return;
    }
    int restarts = countRestart(policy);
    status = restarts > policy.maxAttempts() ? "crash-loop" : "failed";
    scheduleAttempt(
        restarts > policy.maxAttempts()
            ? Backoff.delay(32, policy.initialBackoff(), policy.maxBackoff())
            : Backoff.delay(restarts, policy.initialBackoff(), policy.maxBackoff()));
  }

  private void scheduleAttempt(Duration delay) {
    if (pendingAttempt != null) {
      pendingAttempt.cancel(false);
    }
    nextAttempt = Instant.now().plus(delay);
    pendingAttempt =
        timers.schedule(
            () -> {
              nextAttempt = null;
              send(new Command.Reconcile());
            },
            delay.toMillis(),
            TimeUnit.MILLISECONDS);
  }

  // ------------------------------------------------------------------ upgrades

  private void scheduleCheck(Duration delay) {
    if (pendingCheck != null) {
      pendingCheck.cancel(false);
    }
    nextCheck = Instant.now().plus(delay);
    pendingCheck =
        timers.schedule(
            () -> send(new Command.CheckUpdate(false)), delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void checkUpdate(boolean pushed) throws IOException {
    ServiceSpec.UpdatePolicy policy = spec.update();
    scheduleCheck(Backoff.jittered(policy.interval(), policy.jitter()));
    if (!policy.enabled() || pinned() || state.stopped() || retired) {
      return;
    }
    Digest latest;
    try {
      latest = images.resolve(reference());
    } catch (IOException e) {
      // a registry that is down or slow delays the upgrade; what runs is not touched
      lastError = "checking %s: %s".formatted(reference(), e.getMessage());
      events.publish(
          "service.check.fail", spec.name(), Map.of("error", String.valueOf(e.getMessage())));
      LOG.warn(
          "service {}: {}; what runs is untouched, the check is retried", spec.name(), lastError);
      scheduleCheck(Backoff.delay(3, Duration.ofSeconds(5), policy.interval()));
      return;
    }
    if (latest.equals(state.digest()) || state.bad().contains(latest)) {
      LOG.debug("service {}: {} is current or known bad", spec.name(), latest.shortHex());
      if (pushed && latest.equals(state.digest())) {
        // a registry may notify before its tag names the new manifest: look once more shortly
        timers.schedule(() -> send(new Command.CheckUpdate(false)), 2, TimeUnit.SECONDS);
      }
      return;
    }
    LOG.info(
        "service {}: {} names {} now (it runs {})",
        spec.name(),
        reference(),
        latest.shortHex(),
        state.digest() == null ? "nothing" : state.digest().shortHex());
    if (state.digest() == null && state.containerId() == null) {
      return; // not running yet: the next start takes the newest anyway
    }
    replace("upgrade", null);
  }

  private void declare(ServiceSpec declared) throws IOException {
    ServiceSpec before = spec;
    spec = declared;
    if (before.container().equals(declared.container())
        && before.lifecycle().equals(declared.lifecycle())) {
      if (!before.update().equals(declared.update())) {
        scheduleCheck(Backoff.jittered(Duration.ofSeconds(1), declared.update().jitter()));
      }
      return; // policies only: nothing to restart
    }
    events.publish("service.declare", spec.name(), Map.of("image", declared.image()));
    if (state.stopped()) {
      return;
    }
    if (state.containerId() == null) {
      send(new Command.Reconcile());
      return;
    }
    // The container must change: a new image reference means its newest digest; otherwise the
    // same digest with the new settings.
    boolean newImage = !ImageRef.parse(before.image()).equals(reference());
    replace("replace", newImage ? null : state.digest());
  }

  /**
   * Brings up a new container for the service by its update order, and keeps it only when it comes
   * up: {@code digest} null means the tag's newest.
   */
  private void replace(String kind, Digest digest) throws IOException {
    Digest from = state.digest();
    Image image;
    try {
      image = digest == null ? null : images.local(reference(), digest).orElse(null);
      if (image == null) {
        image = images.pull(reference());
      }
    } catch (IOException e) {
      lastError = "pulling %s: %s".formatted(reference(), e.getMessage());
      events.publish(
          "service.pull.fail", spec.name(), Map.of("error", String.valueOf(e.getMessage())));
      LOG.warn(
          "service {}: {}; what runs is untouched, the pull is retried", spec.name(), lastError);
      scheduleCheck(Backoff.delay(3, Duration.ofSeconds(5), spec.update().interval()));
      return;
    }
    Digest to = image.repoDigest();
    if (kind.equals("upgrade") && (to.equals(from) || state.bad().contains(to))) {
      return;
    }
    bringUp(kind, from, to, image);
  }

  private void bringUp(String kind, Digest from, Digest to, Image image) throws IOException {
    long entry = store.begin(spec.name(), kind, from, to);
    Digest previousBefore = state.previous();
    String oldId = live(state.containerId()) != null ? state.containerId() : null;
    status = "updating";
    events.publish("service." + kind + ".start", spec.name(), digests(from, to));
    boolean stopFirst = stopFirst();
    if (stopFirst && oldId != null) {
      stopContainer(oldId, true);
    }
    String newId;
    String failure;
    try {
      newId = startContainer(image);
      failure = awaitUp(newId);
    } catch (IOException e) {
      newId = null;
      failure = e.getMessage();
    }
    if (failure == null) {
      if (!stopFirst && oldId != null) {
        stopContainer(oldId, false);
      }
      state = state.upgraded(newId, to);
      if (from == null || from.equals(to)) {
        state =
            state.withPrevious(previousBefore); // a restart or replacement keeps the version before
      }
      store.put(state);
      store.finish(entry, "done", null);
      status = "running";
      lastError = null;
      events.publish("service." + kind, spec.name(), digests(from, to));
      keepImages(to, from);
      removeOldContainers();
      return;
    }
    // It did not come up: back to what ran before.
    if (newId != null) {
      stopContainer(newId, false);
    }
    state = state.withBad(to);
    lastError = "%s of %s to %s failed: %s".formatted(kind, spec.name(), to.shortHex(), failure);
    if (stopFirst && oldId != null && from != null) {
      Image previous = images.local(reference(), from).orElse(null);
      if (previous != null) {
        String restored = startContainer(previous);
        state = state.withContainer(restored, from);
      } else {
        state = state.withoutContainer();
      }
    }
    store.put(state);
    store.finish(entry, "rolled-back", failure);
    status = live(state.containerId()) != null ? "running" : "failed";
    Map<String, String> attributes = new LinkedHashMap<>(digests(from, to));
    attributes.put("reason", failure);
    events.publish("service.rollback", spec.name(), attributes);
    LOG.warn("service {}: {}; rolled back", spec.name(), lastError);
    removeOldContainers();
  }

  private static Map<String, String> digests(Digest from, Digest to) {
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("from", from == null ? "none" : from.toString());
    attributes.put("to", to == null ? "none" : to.toString());
    return attributes;
  }

  private boolean stopFirst() {
    return switch (spec.update().order()) {
      case STOP_FIRST -> true;
      case START_FIRST -> false;
      // two versions cannot bind one port of the host's network at once
      case AUTO -> spec.container().network() == ContainerSpec.Network.HOST;
    };
  }

  /**
   * Whether a new container comes up: it must still run after {@code minRunning} (health checks
   * join this rule in a later issue). Returns null when it is up, else why not.
   */
  private String awaitUp(String id) throws IOException {
    Instance instance = instances.get(id);
    if (instance != null && instance.signalsReadiness()) {
      Duration deadline = spec.update().deadline();
      try {
        instance.ready().get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        return null;
      } catch (java.util.concurrent.ExecutionException e) {
        return e.getCause().getMessage();
      } catch (java.util.concurrent.TimeoutException e) {
        return "the new container was not ready within " + io.berth.spec.Durations.format(deadline);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return "interrupted";
      }
    }
    Duration minRunning = spec.update().minRunning();
    try {
      ContainerRuntime.ExitRecord exit =
          runtime.await(id, minRunning.isZero() ? Duration.ofMillis(1) : minRunning);
      return "the new container exited with %s within %s"
          .formatted(exit.exitCode(), io.berth.spec.Durations.format(minRunning));
    } catch (ContainerException e) {
      if (e.kind() == ContainerException.Kind.CONFLICT) {
        return null; // still running after minRunning: up
      }
      throw e;
    }
  }

  private void keepImages(Digest current, Digest previous) {
    Set<Digest> keep = new HashSet<>();
    keep.add(current);
    if (previous != null) {
      keep.add(previous);
    }
    try {
      images.retain(reference(), keep);
    } catch (IOException e) {
      LOG.warn("service {}: pruning old images: {}", spec.name(), e.getMessage());
    }
  }

  // ------------------------------------------------------------------ user commands, retiring

  private void user(ServiceAction action) throws IOException {
    switch (action) {
      case START -> {
        state = state.withStopped(false);
        store.put(state);
        events.publish("service.start", spec.name());
        reconcile();
      }
      case STOP -> {
        state = state.withStopped(true);
        store.put(state);
        events.publish("service.stop", spec.name());
        if (pendingAttempt != null) {
          pendingAttempt.cancel(false);
          nextAttempt = null;
        }
        String id = state.containerId();
        if (id != null) {
          boolean waited = !spec.stop().neverKill();
          stopContainer(id, waited);
          if (waited) {
            // recorded now, not when the watch's Exited arrives: the caller of stop reads it next
            ContainerRuntime.ExitRecord exit;
            try {
              exit = runtime.await(id, Duration.ofSeconds(5));
            } catch (IOException e) {
              exit = null; // gone already: the watch's Exited records what is known
              LOG.debug("service {}: the end of {}: {}", spec.name(), id, e.getMessage());
            }
            if (exit != null) {
              exited(id, exit);
            }
          }
        }
        status = "stopped";
      }
      case RESTART -> {
        if (state.stopped()) {
          throw new ContainerException(
              ContainerException.Kind.CONFLICT,
              "service %s is stopped: start it".formatted(spec.name()));
        }
        replace("restart", state.digest());
      }
      case ROLLBACK -> {
        Digest previous = state.previous();
        if (previous == null) {
          throw new ContainerException(
              ContainerException.Kind.CONFLICT,
              "service %s has no previous version to roll back to".formatted(spec.name()));
        }
        Image image =
            images
                .local(reference(), previous)
                .orElseThrow(
                    () ->
                        new ContainerException(
                            ContainerException.Kind.NOT_FOUND,
                            "the previous image of %s (%s) is gone"
                                .formatted(spec.name(), previous.shortHex())));
        Digest from = state.digest();
        bringUp("rollback", from, previous, image);
        if (previous.equals(state.digest()) && from != null) {
          // not retried until the tag moves on
          state = state.withBad(from).withPrevious(null);
          store.put(state);
        }
      }
    }
  }

  private void retire(boolean removeContainers) {
    retired = true;
    if (pendingAttempt != null) {
      pendingAttempt.cancel(false);
    }
    if (pendingCheck != null) {
      pendingCheck.cancel(false);
    }
    try {
      if (state.containerId() != null && live(state.containerId()) != null) {
        stopContainer(state.containerId(), !spec.stop().neverKill());
      }
      if (removeContainers) {
        for (ContainerRecord c : serviceContainers()) {
          if (!c.state().isActive()) {
            runtime.remove(c.id(), false);
          }
        }
        store.remove(spec.name());
      }
    } catch (IOException e) {
      LOG.warn("service {}: stopping: {}", spec.name(), e.getMessage());
    }
    status = "stopped";
  }

  // ------------------------------------------------------------------ containers

  private String startContainer(Image image) throws IOException {
    state = state.nextGeneration();
    store.put(state);
    ContainerSpec declared = spec.container();
    List<io.berth.template.Dependency> envReads = new java.util.ArrayList<>();
    Map<String, String> env = new LinkedHashMap<>(renderEnv(declared.env(), envReads));
    env.putAll(added.get().env(spec));
    Map<String, String> labels = new LinkedHashMap<>(declared.labels());
    labels.put(LABEL_SERVICE, spec.name());
    labels.put(LABEL_GENERATION, Long.toString(state.generation()));
    List<String> rendered =
        declared.env().entrySet().stream()
            .filter(e -> e.getValue().contains("{{"))
            .map(Map.Entry::getKey)
            .sorted()
            .toList();
    if (!rendered.isEmpty()) {
      // values read from the configuration store may be secrets: inspect shows them hidden
      labels.put(ServiceSupervisor.LABEL_HIDDEN_ENV, String.join(",", rendered));
    }
    ContainerSpec container =
        new ContainerSpec(
            declared.image(),
            spec.name() + "-" + state.generation(),
            declared.entrypoint(),
            declared.command(),
            env,
            declared.mounts(),
            declared.user(),
            declared.capAdd(),
            declared.capDrop(),
            declared.writable(),
            declared.hostname(),
            declared.workdir(),
            declared.init(),
            declared.resources(),
            declared.network(),
            false,
            labels);
    ContainerRecord created =
        runtime.create(container, image, reference(), ContainerRuntime.Init.PAUSE);
    try {
      runtime.start(created.id());
    } catch (IOException | RuntimeException e) {
      runtime.remove(created.id(), true);
      throw e;
    }
    Instance instance = newInstance(created.id());
    instances.put(created.id(), instance);
    try {
      instance.start(); // stops what it started when it fails; the container stays for its log
    } catch (IOException | RuntimeException e) {
      instances.remove(created.id());
      removeOldContainers();
      throw e;
    }
    if (!envReads.isEmpty()) {
      String id = created.id();
      envWatches.put(
          id,
          data.get()
              .watch(
                  envReads, () -> send(new Command.Restart(id, "a value its env reads changed"))));
    }
    watch(created.id());
    events.publish(
        "service.container",
        spec.name(),
        Map.of("container", created.id(), "digest", image.repoDigest().toString()));
    return created.id();
  }

  /**
   * The service's env with the values that are templates ({@code {{ kv "/org/app/db/password" }}})
   * rendered; what they read goes to {@code reads}. A key that is missing fails the start, naming
   * the key and the service.
   */
  private Map<String, String> renderEnv(
      Map<String, String> declared, List<io.berth.template.Dependency> reads)
      throws ContainerException {
    if (declared.values().stream().noneMatch(v -> v.contains("{{"))) {
      return declared;
    }
    io.berth.template.TemplateEngine engine =
        data.get().functions(io.berth.template.TemplateEngine.builder().strict(true)).build();
    Map<String, String> rendered = new LinkedHashMap<>();
    for (var entry : declared.entrySet()) {
      String value = entry.getValue();
      if (!value.contains("{{")) {
        rendered.put(entry.getKey(), value);
        continue;
      }
      try {
        var result = engine.parse("env " + entry.getKey(), value).render(Map.of(), Map.of());
        rendered.put(entry.getKey(), result.text());
        reads.addAll(result.dependencies());
      } catch (io.berth.template.TemplateException
          | io.berth.template.TemplateFunctionException e) {
        throw new ContainerException(
            ContainerException.Kind.INVALID,
            "service %s: env %s: %s".formatted(spec.name(), entry.getKey(), e.getMessage()),
            e);
      }
    }
    return rendered;
  }

  private void closeEnvWatch(String id) {
    AutoCloseable watch = envWatches.remove(id);
    if (watch != null) {
      try {
        watch.close();
      } catch (Exception e) {
        LOG.debug("service {}: closing a watch: {}", spec.name(), e.getMessage());
      }
    }
  }

  /** Tells the controller when a container of the service ends, whatever ended it. */
  private void watch(String id) {
    Thread.ofVirtual()
        .name("watch-" + id.substring(0, 12))
        .start(
            () -> {
              try {
                ContainerRuntime.ExitRecord exit = runtime.await(id, null);
                send(new Command.Exited(id, exit));
              } catch (IOException e) {
                send(new Command.Exited(id, new ContainerRuntime.ExitRecord(id, id, null, null)));
              }
            });
  }

  /**
   * Stops a container by the service's stop policy. With {@code waitForExit} the call returns only
   * once the container ended, even when the policy never kills (the resource must be free before
   * the next one starts).
   */
  private void stopContainer(String id, boolean waitForExit) throws IOException {
    ServiceSpec.StopPolicy policy = spec.stop();
    Instance instance = instances.get(id);
    if (instance != null) {
      CompletableFuture<Void> stopped = instance.stop("stop of the service");
      if (waitForExit || !policy.neverKill()) {
        stopped.join();
      }
      return;
    }
    runtime.stop(id, policy.timeout(), policy.neverKill());
    if (waitForExit && policy.neverKill()) {
      runtime.await(id, null);
    }
  }

  private ContainerRecord live(String id) throws IOException {
    if (id == null) {
      return null;
    }
    try {
      ContainerRecord record = runtime.find(id);
      return record.state().isActive() ? record : null;
    } catch (ContainerException e) {
      return null;
    }
  }

  private List<ContainerRecord> serviceContainers() throws IOException {
    return runtime.list().stream()
        .filter(c -> spec.name().equals(c.spec().labels().get(LABEL_SERVICE)))
        .toList();
  }

  /** Keeps the last few exited containers of the service for their logs; removes older ones. */
  private void removeOldContainers() {
    try {
      List<ContainerRecord> exited =
          serviceContainers().stream().filter(c -> c.state() == ContainerState.EXITED).toList();
      // newest first, as the store lists them
      for (int i = KEEP_EXITED; i < exited.size(); i++) {
        runtime.remove(exited.get(i).id(), false);
      }
    } catch (IOException e) {
      LOG.debug("service {}: removing old containers: {}", spec.name(), e.getMessage());
    }
  }
}
