package io.berth.supervise;

import io.berth.runtime.TaskHandle;
import io.berth.runtime.TaskLaunch;
import io.berth.spec.SensorSpec;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sensor of a service's instance: its command runs in the container on its interval (output kept
 * out of the log) and each number it prints goes out as a {@code sensor.sample} notice, which the
 * agent's metrics record. A run that fails, times out or prints something that is not one number is
 * reported ({@code sensor.fail}) and the next run comes all the same.
 */
final class SensorRun implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SensorRun.class);

  private final Instance instance;
  private final SensorSpec spec;
  private ScheduledFuture<?> timer;
  private volatile boolean closed;

  SensorRun(Instance instance, SensorSpec spec) {
    this.instance = instance;
    this.spec = spec;
  }

  synchronized void start() {
    long every = spec.interval().toMillis();
    timer =
        instance
            .timers()
            .scheduleAtFixedRate(
                () -> Thread.ofVirtual().name("sensor-" + spec.name()).start(this::sample),
                every,
                every,
                TimeUnit.MILLISECONDS);
  }

  private void sample() {
    if (closed) {
      return;
    }
    StringBuilder output = new StringBuilder();
    String failure;
    try {
      Map<String, String> env = new LinkedHashMap<>(spec.command().env());
      TaskHandle handle =
          instance
              .runtime()
              .spawn(
                  instance.containerId(),
                  new TaskLaunch(
                      "sensor:" + spec.name(),
                      spec.command().command(),
                      env,
                      null,
                      null,
                      0,
                      false,
                      false,
                      Instance.collector(output)));
      Instance.Outcome outcome = Instance.awaitOutcome(handle, spec.timeout(), output);
      if (outcome.succeeded()) {
        String text = outcome.output().strip();
        try {
          double value = Double.parseDouble(text);
          if (spec.type().equals("counter") && value < 0) {
            failure = "a counter cannot go down: it printed " + text;
          } else {
            Map<String, String> sample = new LinkedHashMap<>();
            sample.put("sensor", spec.name());
            sample.put("type", spec.type());
            sample.put("help", spec.help());
            sample.put("value", Double.toString(value));
            instance.events().notice("sensor.sample", instance.service(), sample);
            return;
          }
        } catch (NumberFormatException e) {
          String shown = text.lines().findFirst().orElse("");
          failure =
              "its output is not a number: \"%s\""
                  .formatted(shown.length() > 40 ? shown.substring(0, 40) + "…" : shown);
        }
      } else {
        failure = outcome.describe() + outcome.tail();
      }
    } catch (IOException | RuntimeException e) {
      failure = String.valueOf(e.getMessage());
    }
    if (closed) {
      return;
    }
    LOG.warn("service {}: sensor {}: {}", instance.service(), spec.name(), failure);
    instance
        .events()
        .publish(
            "sensor.fail", instance.service(), Map.of("sensor", spec.name(), "error", failure));
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (timer != null) {
      timer.cancel(false);
    }
  }
}
