package io.berth.spec;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * ContainerPilot's sensor: a command run in the service's container on an interval, whose output
 * (one number) becomes a Prometheus metric labelled with the service.
 *
 * @param name the metric's name ({@code [a-zA-Z_:][a-zA-Z0-9_:]*}; a counter's ends in {@code
 *     _total})
 * @param help the metric's help text
 * @param type {@code counter} (the output is added), {@code gauge} (it is the value), {@code
 *     histogram} or {@code summary} (it is observed)
 * @param command what runs
 * @param interval how often
 * @param timeout the longest a run may take before it is killed and reported
 */
public record SensorSpec(
    String name,
    String help,
    String type,
    ProcessSpec command,
    Duration interval,
    Duration timeout) {
  private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary");

  public SensorSpec {
    if (name == null || !name.matches("[a-zA-Z_:][a-zA-Z0-9_:]*")) {
      throw new IllegalArgumentException(
          "invalid metric name '%s': letters, digits, '_' and ':', not starting with a digit"
              .formatted(name));
    }
    type = type == null ? "gauge" : type.toLowerCase(Locale.ROOT);
    if (!TYPES.contains(type)) {
      throw new IllegalArgumentException(
          "sensor %s: type is counter, gauge, histogram or summary, not '%s'"
              .formatted(name, type));
    }
    if (type.equals("counter") && !name.endsWith("_total")) {
      throw new IllegalArgumentException(
          "sensor %s: a counter's name ends in _total (Prometheus's rule)".formatted(name));
    }
    help = help == null || help.isBlank() ? "sensor " + name : help;
    if (command == null) {
      throw new IllegalArgumentException("sensor %s has no command".formatted(name));
    }
    interval = interval == null ? Duration.ofSeconds(10) : interval;
    if (interval.compareTo(Duration.ofMillis(100)) < 0) {
      throw new IllegalArgumentException("sensor %s: the interval is under 100ms".formatted(name));
    }
    timeout = timeout == null ? interval : timeout;
    if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(interval) > 0) {
      throw new IllegalArgumentException(
          "sensor %s: the timeout must be positive and at most the interval".formatted(name));
    }
  }
}
