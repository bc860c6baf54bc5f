package io.berth.supervise;

import io.berth.os.Signals;
import io.berth.runtime.ContainerException;
import io.berth.spec.PermSpec;
import io.berth.spec.TemplateSpec;
import io.berth.template.Rendered;
import io.berth.template.TemplateEngine;
import io.berth.template.TemplateException;
import io.berth.template.TemplateFunctionException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One template of a service's instance: rendered into the container before the init tasks, and
 * again when what it read changes (changes within {@code wait} of each other render once); a result
 * that differs is written and the service reacts by the template's change mode.
 */
final class TemplateFile implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TemplateFile.class);
  private static final int MAX_TEMPLATE = 1 << 20;

  private final Instance instance;
  private final TemplateSpec spec;
  private final TemplateData data;
  private byte[] last;
  private AutoCloseable watch;
  private ScheduledFuture<?> pending;
  private boolean closed;

  TemplateFile(Instance instance, TemplateSpec spec, TemplateData data) {
    this.instance = instance;
    this.spec = spec;
    this.data = data;
  }

  /** The first render: a failure fails the start, naming the template and what went wrong. */
  synchronized void renderFirst() throws IOException {
    try {
      render(false);
    } catch (TemplateException | TemplateFunctionException e) {
      throw new ContainerException(
          ContainerException.Kind.INVALID,
          "service %s: template %s: %s".formatted(instance.service(), spec.file(), e.getMessage()),
          e);
    }
  }

  private void changed() {
    synchronized (this) {
      if (closed || pending != null) {
        return; // a render is due already: this change joins it
      }
      pending =
          instance
              .timers()
              .schedule(
                  () ->
                      Thread.ofVirtual().name("template-" + instance.service()).start(this::again),
                  Math.max(1, spec.settle().toMillis()),
                  TimeUnit.MILLISECONDS);
    }
  }

  private void again() {
    synchronized (this) {
      pending = null;
      if (closed) {
        return;
      }
      try {
        render(true);
      } catch (IOException | RuntimeException e) {
        // the last good result stays; the next change tries again
        LOG.warn(
            "service {}: template {}: {}; the last result stays",
            instance.service(),
            spec.file(),
            e.getMessage());
        instance
            .events()
            .publish(
                "template.fail",
                instance.service(),
                Map.of("template", spec.destination(), "error", String.valueOf(e.getMessage())));
      }
    }
  }

  private void render(boolean react) throws IOException {
    Path file = Path.of(spec.file());
    if (Files.size(file) > MAX_TEMPLATE) {
      throw new IOException("the template is larger than 1 MiB");
    }
    String text = Files.readString(file);
    Map<String, String> env = instance.environment();
    TemplateEngine engine = data.functions(TemplateEngine.builder().strict(true)).build();
    Rendered rendered = engine.parse(spec.file(), text).render(env, env);
    byte[] bytes = rendered.text().getBytes(StandardCharsets.UTF_8);
    rewatch(rendered);
    if (last != null && Arrays.equals(last, bytes)) {
      return;
    }
    instance
        .runtime()
        .writeFile(
            instance.containerId(), spec.destination(), bytes, PermSpec.modeBits(spec.fileMode()));
    last = bytes;
    if (react) {
      LOG.info("service {}: {} changed: {}", instance.service(), spec.destination(), spec.change());
      instance
          .events()
          .publish(
              "template.change",
              instance.service(),
              Map.of("template", spec.destination(), "change", spec.change().name().toLowerCase()));
      react();
    }
  }

  private void rewatch(Rendered rendered) throws IOException {
    closeWatch();
    watch = data.watch(List.copyOf(rendered.dependencies()), this::changed);
  }

  private void react() throws IOException {
    switch (spec.change()) {
      case RESTART -> instance.restartRequested("template " + spec.destination() + " changed");
      case SIGNAL -> instance.signal(null, Signals.parse(spec.signal()));
      case SCRIPT -> {
        Instance.Outcome outcome =
            instance.run("template", spec.script(), Duration.ofMinutes(1), Map.of(), List.of());
        if (!outcome.succeeded()) {
          LOG.warn(
              "service {}: the change script of {} {}{}",
              instance.service(),
              spec.destination(),
              outcome.describe(),
              outcome.tail());
        }
      }
      case NOOP -> {}
    }
  }

  private void closeWatch() {
    if (watch != null) {
      try {
        watch.close();
      } catch (Exception e) {
        LOG.debug("closing a watch: {}", e.getMessage());
      }
      watch = null;
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (pending != null) {
      pending.cancel(false);
    }
    closeWatch();
  }
}
