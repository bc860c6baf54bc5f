package io.berth.supervise;

import io.berth.os.Signals;
import io.berth.runtime.TaskHandle;
import io.berth.spec.TaskSpec;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A command run in the service's container on a schedule (Frontloader's per-container cron,
 * ContainerPilot's interval jobs): a run that is due while the last one still runs is skipped
 * unless overlap is allowed; a run longer than its timeout is killed; the last runs are kept with
 * their exit codes and output.
 */
final class Periodic {
  private static final Logger LOG = LoggerFactory.getLogger(Periodic.class);
  private static final int OUTPUT_KEPT = 4096;

  private final Instance instance;
  private final TaskSpec task;
  private final Deque<TaskRun> runs = new ArrayDeque<>();
  private final Set<TaskHandle> running = ConcurrentHashMap.newKeySet();
  private volatile boolean cancelled;
  private volatile Instant next;
  private ScheduledFuture<?> timer;

  Periodic(Instance instance, TaskSpec task) {
    this.instance = instance;
    this.task = task;
  }

  /** Schedules the next run after now. */
  synchronized void schedule() {
    if (cancelled) {
      return;
    }
    Optional<ZonedDateTime> at = task.schedule().next(ZonedDateTime.now());
    if (at.isEmpty()) {
      LOG.warn(
          "service {}: the schedule '{}' of {} names no date: it never runs",
          instance.service(),
          task.schedule(),
          task.name());
      next = null;
      return;
    }
    next = at.get().toInstant();
    long delay = Math.max(1, Duration.between(Instant.now(), next).toMillis());
    timer =
        instance
            .timers()
            .schedule(
                () -> Thread.ofVirtual().name("periodic-" + task.name()).start(this::fire),
                delay,
                TimeUnit.MILLISECONDS);
  }

  private void fire() {
    schedule();
    Instant started = Instant.now();
    if (cancelled) {
      return;
    }
    if (!task.overlap() && !running.isEmpty()) {
      keep(new TaskRun(task.name(), started, started, "skipped", null, "the last run still runs"));
      return;
    }
    StringBuilder output = new StringBuilder();
    TaskHandle handle;
    try {
      handle =
          instance.spawn(
              task.name(), task.process(), Map.of(), List.of(), 0, Instance.collector(output));
    } catch (IOException | RuntimeException e) {
      keep(new TaskRun(task.name(), started, Instant.now(), "error", null, e.getMessage()));
      return;
    }
    running.add(handle);
    try {
      Instance.Outcome outcome = Instance.awaitOutcome(handle, task.timeout(), output);
      String result = outcome.timedOut() ? "timeout" : outcome.succeeded() ? "ok" : "failed";
      keep(
          new TaskRun(
              task.name(), started, Instant.now(), result, outcome.code(), tail(outcome.output())));
    } catch (IOException e) {
      keep(new TaskRun(task.name(), started, Instant.now(), "error", null, e.getMessage()));
    } finally {
      running.remove(handle);
    }
  }

  private static String tail(String output) {
    return output.length() <= OUTPUT_KEPT
        ? output
        : output.substring(output.length() - OUTPUT_KEPT);
  }

  private void keep(TaskRun run) {
    synchronized (runs) {
      runs.addFirst(run);
      while (runs.size() > task.keepRuns()) {
        runs.removeLast();
      }
    }
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("task", run.task());
    attributes.put("outcome", run.outcome());
    attributes.put("exitCode", run.exitCode() == null ? "none" : run.exitCode().toString());
    instance.events().publish("task.run", instance.service(), attributes);
  }

  TaskHandle runningHandle() {
    return running.stream().findFirst().orElse(null);
  }

  synchronized void cancel() {
    cancelled = true;
    if (timer != null) {
      timer.cancel(false);
    }
  }

  void killRunning() {
    for (TaskHandle handle : running) {
      try {
        handle.signal(Signals.SIGKILL);
      } catch (IOException e) {
        LOG.debug("killing {}: {}", handle, e.getMessage());
      }
    }
  }

  TaskView view() {
    List<TaskRun> kept;
    synchronized (runs) {
      kept = List.copyOf(runs);
    }
    TaskHandle now = runningHandle();
    TaskRun last = kept.isEmpty() ? null : kept.getFirst();
    return new TaskView(
        task.name(),
        task.role().label(),
        now != null ? "running" : cancelled ? "stopped" : "scheduled",
        now != null ? now.pid() : 0,
        0,
        last == null ? null : last.exitCode(),
        null,
        List.of(),
        kept);
  }

  Instant next() {
    return next;
  }
}
