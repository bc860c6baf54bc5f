package io.berth.supervise;

import io.berth.os.ExitStatus;
import io.berth.os.Signals;
import io.berth.runtime.TaskHandle;
import io.berth.spec.ServiceSpec;
import io.berth.spec.TaskSpec;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A long-running process beside the main one (ignity's services): started with the service unless
 * declared down, restarted by its own policy, its finish hook run at each end (exit code as its
 * argument and in {@code BERTH_EXIT_CODE}; 125 keeps it down, as s6's finish does), stopping the
 * service when its stopService rule says so, restarted when it turns unhealthy.
 */
final class Sidecar {
  private static final Logger LOG = LoggerFactory.getLogger(Sidecar.class);
  static final int FINISH_KEEP_DOWN = 125;

  private final Instance instance;
  private final TaskSpec task;
  private volatile TaskHandle handle;
  private volatile Health health;
  private volatile boolean down;
  private volatile boolean cancelled;
  private volatile String status = "down";
  private volatile Integer lastExit;
  private volatile CompletableFuture<Void> ready = new CompletableFuture<>();
  private int restarts;
  private int windowRestarts;
  private Instant windowStart;
  private ScheduledFuture<?> pending;

  Sidecar(Instance instance, TaskSpec task) {
    this.instance = instance;
    this.task = task;
    this.down = task.down();
  }

  String name() {
    return task.name();
  }

  TaskHandle handle() {
    return handle;
  }

  /** Completes when the sidecar is ready: notified, healthy, or started when it has neither. */
  CompletableFuture<Void> ready() {
    return ready;
  }

  synchronized void start() throws IOException {
    if (cancelled) {
      return;
    }
    TaskHandle running = handle;
    if (running != null && running.running()) {
      return;
    }
    down = false;
    if (ready.isDone()) {
      ready = new CompletableFuture<>();
    }
    TaskHandle started =
        instance.spawn(
            task.name(), task.process(), Map.of(), List.of(), task.readiness().notifyFd(), null);
    attach(started);
  }

  /** The sidecar's process outlived the agent: watch it again. */
  synchronized void adopt(TaskHandle running) throws IOException {
    down = false;
    attach(running);
    ready.complete(null);
  }

  private void attach(TaskHandle started) throws IOException {
    handle = started;
    status = "running";
    if (!task.checks().isEmpty()) {
      Health h =
          instance.health(
              task,
              (hh, from, to, reason) -> {
                if (to == Health.Status.HEALTHY) {
                  ready.complete(null);
                } else if (to == Health.Status.UNHEALTHY) {
                  unhealthy(started, reason);
                }
              });
      health = h;
      h.start();
    }
    if (task.readiness().notifyFd() != 0) {
      started
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
    started
        .exit()
        .whenComplete(
            (exit, failure) ->
                Thread.ofVirtual()
                    .name("sidecar-" + instance.service() + "-" + task.name())
                    .start(() -> ended(started, exit)));
  }

  private void unhealthy(TaskHandle which, String reason) {
    if (cancelled || which != handle || !which.running()) {
      return;
    }
    LOG.info(
        "service {}: sidecar {} is unhealthy ({}): restarted",
        instance.service(),
        task.name(),
        reason);
    try {
      which.signal(Signals.SIGTERM);
      instance
          .timers()
          .schedule(
              () -> {
                try {
                  which.signal(Signals.SIGKILL);
                } catch (IOException e) {
                  LOG.debug("killing {}: {}", which, e.getMessage());
                }
              },
              instance.servicesGrace().toMillis(),
              TimeUnit.MILLISECONDS);
    } catch (IOException e) {
      LOG.warn("service {}: restarting {}: {}", instance.service(), task.name(), e.getMessage());
    }
  }

  private void ended(TaskHandle which, ExitStatus exit) {
    Health h = health;
    if (h != null) {
      h.stop();
    }
    if (!ready.isDone()) {
      ready.completeExceptionally(new IllegalStateException(task.name() + " ended"));
    }
    Integer code = exit == null ? null : exit.shellCode();
    lastExit = code;
    if (cancelled) {
      status = "exited";
      return;
    }
    boolean keepDown = down;
    if (task.finish() != null) {
      String arg = code == null ? "256" : Integer.toString(code);
      try {
        Instance.Outcome finish =
            instance.run(
                task.name() + ".finish",
                task.finish(),
                Duration.ofSeconds(5),
                Map.of("BERTH_EXIT_CODE", arg),
                List.of(arg));
        if (finish.code() != null && finish.code() == FINISH_KEEP_DOWN) {
          keepDown = true;
          LOG.info(
              "service {}: the finish hook of {} keeps it down", instance.service(), task.name());
        }
      } catch (IOException e) {
        LOG.warn(
            "service {}: finish hook of {}: {}", instance.service(), task.name(), e.getMessage());
      }
    }
    if (cancelled) {
      status = "exited";
      return;
    }
    boolean failed = code == null || code != 0;
    TaskSpec.StopService rule = task.stopService();
    if (rule == TaskSpec.StopService.ALWAYS
        || (rule == TaskSpec.StopService.ON_FAILURE && failed)) {
      status = "exited";
      instance.stopServiceFor(task.name(), "exited with " + (code == null ? "unknown" : code));
      return;
    }
    if (keepDown) {
      down = true;
      status = "down";
      return;
    }
    ServiceSpec.RestartPolicy policy = task.restart();
    if (policy.mode() == ServiceSpec.RestartPolicy.Mode.NEVER
        || (policy.mode() == ServiceSpec.RestartPolicy.Mode.ON_FAILURE && !failed)) {
      status = failed ? "failed" : "exited";
      return;
    }
    synchronized (this) {
      Instant now = Instant.now();
      if (windowStart == null
          || Duration.between(windowStart, now).compareTo(policy.window()) > 0) {
        windowStart = now;
        windowRestarts = 0;
      }
      windowRestarts++;
      restarts++;
      Duration delay =
          windowRestarts > policy.maxAttempts()
              ? policy.maxBackoff()
              : Backoff.delay(windowRestarts, policy.initialBackoff(), policy.maxBackoff());
      status = windowRestarts > policy.maxAttempts() ? "crash-loop" : "backoff";
      instance
          .events()
          .publish(
              "task.restart",
              instance.service(),
              Map.of(
                  "task",
                  task.name(),
                  "attempt",
                  Integer.toString(windowRestarts),
                  "delayMillis",
                  Long.toString(delay.toMillis())));
      pending =
          instance
              .timers()
              .schedule(
                  () ->
                      Thread.ofVirtual()
                          .start(
                              () -> {
                                try {
                                  if (!down) {
                                    start();
                                  }
                                } catch (IOException | RuntimeException e) {
                                  status = "failed";
                                  LOG.warn(
                                      "service {}: restarting {}: {}",
                                      instance.service(),
                                      task.name(),
                                      e.getMessage());
                                }
                              }),
                  delay.toMillis(),
                  TimeUnit.MILLISECONDS);
    }
  }

  /** Starts it on a user's request: it is no longer down, and its restart count begins anew. */
  synchronized void startOnDemand() throws IOException {
    if (pending != null) {
      pending.cancel(false);
    }
    windowRestarts = 0;
    windowStart = null;
    start();
  }

  /** Stops it on a user's request and keeps it down. */
  void stopOnDemand() throws IOException {
    synchronized (this) {
      down = true;
      if (pending != null) {
        pending.cancel(false);
      }
    }
    TaskHandle running = handle;
    if (running == null || !running.running()) {
      status = "down";
      return;
    }
    terminate(running, instance.servicesGrace());
    status = "down";
  }

  /** No more restarts: the service stops. */
  synchronized void cancel() {
    cancelled = true;
    if (pending != null) {
      pending.cancel(false);
    }
    Health h = health;
    if (h != null) {
      h.stop();
    }
  }

  /** The service stops: TERM, then KILL after {@code grace}. */
  void stopWithService(Duration grace) {
    cancel();
    TaskHandle running = handle;
    if (running != null && running.running()) {
      try {
        terminate(running, grace);
      } catch (IOException e) {
        LOG.warn("service {}: stopping {}: {}", instance.service(), task.name(), e.getMessage());
      }
    }
  }

  private static void terminate(TaskHandle running, Duration grace) throws IOException {
    running.signal(Signals.SIGTERM);
    if (!Instance.await(running, grace)) {
      running.signal(Signals.SIGKILL);
      Instance.await(running, Duration.ofSeconds(10));
    }
  }

  TaskView view() {
    TaskHandle running = handle;
    Health h = health;
    boolean alive = running != null && running.running();
    String shown = alive && ready.isDone() && !ready.isCompletedExceptionally() ? "ready" : status;
    return new TaskView(
        task.name(),
        task.role().label(),
        alive ? shown : status,
        alive ? running.pid() : 0,
        restarts,
        lastExit,
        h == null || !h.hasChecks() || !alive ? null : h.status().label(),
        h == null ? List.of() : h.views(),
        List.of());
  }
}
