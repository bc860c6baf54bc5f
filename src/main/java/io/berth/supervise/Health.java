package io.berth.supervise;

import io.berth.api.LogLine;
import io.berth.events.EventSink;
import io.berth.os.ExitStatus;
import io.berth.os.Signals;
import io.berth.runtime.ContainerRuntime;
import io.berth.runtime.TaskHandle;
import io.berth.runtime.TaskLaunch;
import io.berth.spec.CheckSpec;
import io.berth.spec.ProcessSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The health of one process of a service (its main process or a sidecar), from its checks: each
 * check runs on its interval, counts passes and failures in a row, and is healthy or unhealthy by
 * its thresholds, or unhealthy when its TTL passed without a pass. The process is healthy when all
 * its checks are, unhealthy when one is, starting until then.
 */
final class Health {
  /** What a process's health is. */
  enum Status {
    STARTING,
    HEALTHY,
    UNHEALTHY;

    String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Told when a process's health changes; called on a check's thread. */
  interface Listener {
    void changed(Health health, Status from, Status to, String reason);
  }

  private final String service;
  private final String task;
  private final String container;
  private final List<Check> checks = new ArrayList<>();
  private final ContainerRuntime runtime;
  private final EventSink events;
  private final ScheduledExecutorService timers;
  private final Listener listener;
  private final Map<String, String> env;
  private final Instant started = Instant.now();
  private Status status = Status.STARTING;
  private volatile boolean stopped;

  Health(
      String service,
      String task,
      String container,
      List<CheckSpec> specs,
      Map<String, String> env,
      ContainerRuntime runtime,
      EventSink events,
      ScheduledExecutorService timers,
      Listener listener) {
    this.service = service;
    this.task = task;
    this.container = container;
    this.env = env;
    this.runtime = runtime;
    this.events = events;
    this.timers = timers;
    this.listener = listener;
    for (CheckSpec spec : specs) {
      checks.add(new Check(spec));
    }
  }

  String task() {
    return task;
  }

  boolean hasChecks() {
    return !checks.isEmpty();
  }

  synchronized Status status() {
    return status;
  }

  /** Starts the checks: the first of each after a second (or its interval, if shorter). */
  void start() {
    for (Check check : checks) {
      Duration first =
          check.spec.interval().compareTo(Duration.ofSeconds(1)) < 0
              ? check.spec.interval()
              : Duration.ofSeconds(1);
      check.schedule(first);
    }
  }

  void stop() {
    stopped = true;
    for (Check check : checks) {
      check.cancel();
    }
  }

  /** The checks as the API shows them. */
  synchronized List<CheckView> views() {
    List<CheckView> views = new ArrayList<>();
    for (Check c : checks) {
      views.add(
          new CheckView(
              c.spec.name(),
              c.spec.target(),
              c.status.label(),
              c.failures,
              c.successes,
              c.lastPass,
              c.lastRun,
              c.lastMillis,
              c.lastOutput));
    }
    return views;
  }

  private void recompute(String reason) {
    Status from;
    Status to;
    synchronized (this) {
      from = status;
      boolean anyUnhealthy = checks.stream().anyMatch(c -> c.status == Status.UNHEALTHY);
      boolean allHealthy = checks.stream().allMatch(c -> c.status == Status.HEALTHY);
      to = anyUnhealthy ? Status.UNHEALTHY : allHealthy ? Status.HEALTHY : from;
      if (from == Status.UNHEALTHY && !anyUnhealthy && !allHealthy) {
        to = Status.STARTING;
      }
      status = to;
    }
    if (from != to && !stopped) {
      Map<String, String> attributes = new LinkedHashMap<>();
      attributes.put("task", task);
      attributes.put("status", to.label());
      attributes.put("reason", reason);
      events.publish("health.change", service, attributes);
      listener.changed(this, from, to, reason);
    }
  }

  private final class Check {
    final CheckSpec spec;
    Status status = Status.STARTING;
    int failures;
    int successes;
    Instant lastPass;
    Instant lastRun;
    long lastMillis;
    String lastOutput;
    ScheduledFuture<?> next;

    Check(CheckSpec spec) {
      this.spec = spec;
    }

    synchronized void schedule(Duration delay) {
      if (stopped) {
        return;
      }
      next =
          timers.schedule(
              () ->
                  Thread.ofVirtual().name("check-" + service + "-" + spec.name()).start(this::run),
              Math.max(1, delay.toMillis()),
              TimeUnit.MILLISECONDS);
    }

    synchronized void cancel() {
      if (next != null) {
        next.cancel(false);
      }
    }

    private void run() {
      if (stopped) {
        return;
      }
      long begin = System.nanoTime();
      Result result;
      try {
        result = probe();
      } catch (IOException | RuntimeException e) {
        result = new Result(false, String.valueOf(e.getMessage()));
      }
      long millis = (System.nanoTime() - begin) / 1_000_000;
      if (stopped) {
        return;
      }
      Instant now = Instant.now();
      String reason;
      synchronized (Health.this) {
        lastRun = now;
        lastMillis = millis;
        lastOutput = result.output();
        boolean inGrace = Duration.between(started, now).compareTo(spec.grace()) < 0;
        if (result.passed()) {
          lastPass = now;
          failures = 0;
          successes++;
          if (successes >= spec.successes()) {
            status = Status.HEALTHY;
          }
        } else {
          successes = 0;
          if (!inGrace) {
            failures++;
            if (failures >= spec.failures()) {
              status = Status.UNHEALTHY;
            }
          }
        }
        if (spec.ttl() != null && !inGrace) {
          Instant since = lastPass != null ? lastPass : started.plus(spec.grace());
          if (Duration.between(since, now).compareTo(spec.ttl()) > 0) {
            status = Status.UNHEALTHY;
          }
        }
        reason =
            result.passed()
                ? "check %s passed".formatted(spec.name())
                : "check %s (%s) failed %d time(s): %s"
                    .formatted(spec.name(), spec.target(), failures, result.output());
      }
      Map<String, String> attributes = new LinkedHashMap<>();
      attributes.put("task", task);
      attributes.put("check", spec.name());
      attributes.put("status", result.passed() ? "passing" : "failing");
      attributes.put("millis", Long.toString(millis));
      events.notice("check.result", service, attributes);
      recompute(reason);
      schedule(spec.interval());
    }

    private Result probe() throws IOException {
      return switch (spec.kind()) {
        case EXEC -> exec(spec.exec());
        case TCP -> {
          SocketChannel channel = runtime.connect(container, spec.port(), spec.timeout());
          channel.close();
          yield new Result(true, "connected to port " + spec.port());
        }
        case HTTP -> http();
      };
    }

    private Result exec(ProcessSpec process) throws IOException {
      StringBuilder output = new StringBuilder();
      Consumer<LogLine> tap =
          line -> {
            synchronized (output) {
              if (output.length() < 4096) {
                output.append(line.text()).append('\n');
              }
            }
          };
      Map<String, String> merged = new LinkedHashMap<>(env);
      merged.putAll(process.env());
      TaskHandle handle =
          runtime.spawn(
              container,
              new TaskLaunch(
                  "check:" + spec.name(),
                  process.command(),
                  merged,
                  process.user(),
                  process.workdir(),
                  0,
                  false,
                  false,
                  tap));
      ExitStatus exit;
      try {
        exit = handle.exit().get(spec.timeout().toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        handle.signal(Signals.SIGKILL);
        return new Result(
            false, "timed out after " + io.berth.spec.Durations.format(spec.timeout()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        handle.signal(Signals.SIGKILL);
        return new Result(false, "interrupted");
      } catch (java.util.concurrent.ExecutionException e) {
        return new Result(false, String.valueOf(e.getCause()));
      }
      String text;
      synchronized (output) {
        text = output.toString().strip();
      }
      int code = exit == null ? -1 : exit.shellCode();
      return new Result(
          code == 0, code == 0 ? text : "exit code " + code + (text.isEmpty() ? "" : ": " + text));
    }

    private Result http() throws IOException {
      try (SocketChannel channel = runtime.connect(container, spec.port(), spec.timeout())) {
        OutputStream out = Channels.newOutputStream(channel);
        String request =
            "GET %s HTTP/1.1\r\nHost: localhost:%d\r\nUser-Agent: berth-health\r\nConnection: close\r\n\r\n"
                .formatted(spec.path(), spec.port());
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = channel.socket().getInputStream();
        byte[] head = in.readNBytes(64);
        String line = new String(head, StandardCharsets.ISO_8859_1).lines().findFirst().orElse("");
        String[] parts = line.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
          return new Result(false, "no HTTP answer: '" + line + "'");
        }
        int code;
        try {
          code = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
          return new Result(false, "no HTTP status: '" + line + "'");
        }
        return new Result(code >= 200 && code < 400, "HTTP " + code);
      } catch (java.net.SocketTimeoutException e) {
        return new Result(
            false, "no answer within " + io.berth.spec.Durations.format(spec.timeout()));
      }
    }
  }

  private record Result(boolean passed, String output) {}
}
