package io.berth.config;

import io.berth.config.Node.ScalarNode.Kind;
import io.berth.spec.ServiceSpec.RestartPolicy;
import io.berth.spec.ServiceSpec.StopPolicy;
import io.berth.spec.ServiceSpec.UpdatePolicy;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/** A service's {@code restart}, {@code update}, {@code stopTimeout} and {@code stopSignal}. */
final class Policies {
  private static final Set<String> RESTART =
      Set.of("policy", "maxAttempts", "window", "backoff", "maxBackoff");
  private static final Set<String> UPDATE =
      Set.of("enabled", "interval", "jitter", "order", "minRunning", "deadline");

  private Policies() {}

  /** {@code always|on-failure|never}, or a mapping with the policy and its limits. */
  static RestartPolicy restart(Field field) {
    if (!field.present()) {
      return RestartPolicy.DEFAULT;
    }
    if (field.is(Kind.STRING)) {
      RestartPolicy d = RestartPolicy.DEFAULT;
      return new RestartPolicy(
          mode(field), d.maxAttempts(), d.window(), d.initialBackoff(), d.maxBackoff());
    }
    if (!field.isMap()) {
      throw field.fail(
          "expected always, on-failure, never, or a mapping with policy, maxAttempts, window,"
              + " backoff and maxBackoff, got "
              + field.describe());
    }
    field.only(RESTART);
    RestartPolicy d = RestartPolicy.DEFAULT;
    Field policy = field.child("policy");
    RestartPolicy.Mode mode = policy.present() ? mode(policy) : d.mode();
    int maxAttempts =
        field
            .child("maxAttempts")
            .nonNegative(Integer.MAX_VALUE)
            .map(Long::intValue)
            .orElse(d.maxAttempts());
    Duration window = Values.duration(field.child("window"), false).orElse(d.window());
    Duration backoff = Values.duration(field.child("backoff"), false).orElse(d.initialBackoff());
    Duration maxBackoff = Values.duration(field.child("maxBackoff"), false).orElse(d.maxBackoff());
    try {
      return new RestartPolicy(mode, maxAttempts, window, backoff, maxBackoff);
    } catch (IllegalArgumentException e) {
      throw field.fail(e.getMessage(), e);
    }
  }

  private static RestartPolicy.Mode mode(Field field) {
    String text = field.requiredString("always, on-failure or never");
    return switch (text) {
      case "always" -> RestartPolicy.Mode.ALWAYS;
      case "on-failure" -> RestartPolicy.Mode.ON_FAILURE;
      case "never" -> RestartPolicy.Mode.NEVER;
      default -> throw field.fail("expected always, on-failure or never, got " + field.describe());
    };
  }

  /** {@code false}, {@code true}, or a mapping; an absent or true one is the default. */
  static UpdatePolicy update(Field field) {
    UpdatePolicy d = UpdatePolicy.DEFAULT;
    if (!field.present()) {
      return d;
    }
    if (field.is(Kind.BOOLEAN)) {
      return field.bool().orElseThrow() ? d : disabled();
    }
    if (!field.isMap()) {
      throw field.fail(
          "expected false, or a mapping with enabled, interval, jitter, order, minRunning and"
              + " deadline, got "
              + field.describe());
    }
    field.only(UPDATE);
    boolean enabled = field.child("enabled").bool().orElse(true);
    Duration interval = Values.duration(field.child("interval"), false).orElse(d.interval());
    Duration jitter = Values.duration(field.child("jitter"), false).orElse(d.jitter());
    Duration minRunning = Values.duration(field.child("minRunning"), false).orElse(d.minRunning());
    Duration deadline = Values.duration(field.child("deadline"), false).orElse(d.deadline());
    Field orderField = field.child("order");
    UpdatePolicy.Order order =
        orderField
            .string()
            .map(
                text ->
                    switch (text) {
                      case "start-first" -> UpdatePolicy.Order.START_FIRST;
                      case "stop-first" -> UpdatePolicy.Order.STOP_FIRST;
                      case "auto" -> UpdatePolicy.Order.AUTO;
                      default ->
                          throw orderField.fail(
                              "expected start-first, stop-first or auto, got "
                                  + orderField.describe());
                    })
            .orElse(d.order());
    try {
      return new UpdatePolicy(enabled, interval, jitter, order, minRunning, deadline);
    } catch (IllegalArgumentException e) {
      throw field.fail(e.getMessage(), e);
    }
  }

  private static UpdatePolicy disabled() {
    UpdatePolicy d = UpdatePolicy.DEFAULT;
    return new UpdatePolicy(
        false, d.interval(), d.jitter(), d.order(), d.minRunning(), d.deadline());
  }

  /**
   * {@code stopTimeout}: a duration to wait before KILL, a negative number to KILL at once, or
   * {@code never} to never KILL; and {@code stopSignal}.
   */
  static StopPolicy stop(Field timeoutField, Field signalField) {
    String signal = Values.signal(signalField).orElse(null);
    if (timeoutField.is(Kind.STRING)
        && timeoutField.string().orElseThrow().strip().equals("never")) {
      return new StopPolicy(signal, null, true);
    }
    Optional<Duration> timeout;
    try {
      timeout = Values.duration(timeoutField, true);
    } catch (ConfigException e) {
      throw timeoutField.fail(
          "expected a duration such as 10s, -1 to kill at once, or never, got "
              + timeoutField.describe());
    }
    return new StopPolicy(signal, timeout.orElse(null), false);
  }
}
