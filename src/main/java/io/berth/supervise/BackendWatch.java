package io.berth.supervise;

import io.berth.spec.BackendSpec;
import io.berth.spec.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A backend a service follows: discovery's changes to it are gathered for {@code wait}, then, when
 * the list differs from the last one, it is written to the backend's file and {@code onChange} runs
 * in the container with it. Nothing polls: the registry's watch pushes.
 */
final class BackendWatch implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BackendWatch.class);

  private final Instance instance;
  private final BackendSpec spec;
  private final Backends backends;
  private String last;
  private AutoCloseable watch;
  private ScheduledFuture<?> pending;
  private boolean closed;

  BackendWatch(Instance instance, BackendSpec spec, Backends backends) {
    this.instance = instance;
    this.spec = spec;
    this.backends = backends;
  }

  /** Writes the current list (no onChange: nothing changed yet) and starts watching. */
  synchronized void start() throws IOException {
    watch = backends.watch(spec.name(), this::changed);
    String now = list();
    last = now;
    if (spec.file() != null) {
      write(now);
    }
  }

  private String list() throws IOException {
    List<Map<String, Object>> instances = backends.instances(spec.name());
    return Json.lenient().writeValueAsString(instances);
  }

  private void write(String json) throws IOException {
    instance
        .runtime()
        .writeFile(
            instance.containerId(), spec.file(), json.getBytes(StandardCharsets.UTF_8), 0644);
  }

  private void changed() {
    synchronized (this) {
      if (closed || pending != null) {
        return;
      }
      pending =
          instance
              .timers()
              .schedule(
                  () -> Thread.ofVirtual().name("backend-" + spec.name()).start(this::again),
                  Math.max(1, spec.settle().toMillis()),
                  TimeUnit.MILLISECONDS);
    }
  }

  private void again() {
    String now;
    synchronized (this) {
      pending = null;
      if (closed) {
        return;
      }
      try {
        now = list();
      } catch (IOException | RuntimeException e) {
        LOG.warn("service {}: backend {}: {}", instance.service(), spec.name(), e.getMessage());
        return;
      }
      if (now.equals(last)) {
        return;
      }
      last = now;
    }
    instance
        .events()
        .publish(
            "backend.change", instance.service(), Map.of("backend", spec.name(), "instances", now));
    try {
      if (spec.file() != null) {
        write(now);
      }
      if (spec.onChange() != null) {
        Instance.Outcome outcome =
            instance.run(
                "onChange." + spec.name(),
                spec.onChange(),
                Duration.ofMinutes(1),
                Map.of("BERTH_BACKEND", spec.name(), "BERTH_BACKEND_INSTANCES", now),
                List.of());
        if (!outcome.succeeded()) {
          LOG.warn(
              "service {}: onChange of backend {} {}{}",
              instance.service(),
              spec.name(),
              outcome.describe(),
              outcome.tail());
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("service {}: backend {}: {}", instance.service(), spec.name(), e.getMessage());
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (pending != null) {
      pending.cancel(false);
    }
    if (watch != null) {
      try {
        watch.close();
      } catch (Exception e) {
        LOG.debug("closing a watch: {}", e.getMessage());
      }
    }
  }
}
