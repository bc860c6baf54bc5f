package io.berth.runtime;

import io.berth.api.CreateContainer;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * A permanent container's restart policy, Docker's: {@code always}, {@code unless-stopped}, {@code
 * on-failure[:N]}. It rides with the container's spec as the label {@link #LABEL}.
 *
 * @param onFailureOnly restart only after a non-zero exit
 * @param maxRestarts the most restarts, 0 for no limit
 */
public record RestartPolicy(boolean onFailureOnly, int maxRestarts) {
  public static final String LABEL = "io.berth.restart";

  /** The first wait before a restart; it doubles after each, up to {@link #MAX_DELAY}. */
  static final Duration FIRST_DELAY = Duration.ofMillis(100);

  static final Duration MAX_DELAY = Duration.ofMinutes(1);

  /** A run this long resets the wait to {@link #FIRST_DELAY}. */
  static final Duration STEADY = Duration.ofSeconds(10);

  /** The policy the labels give, or null for none (or for a value that is not a policy). */
  static RestartPolicy of(Map<String, String> labels) {
    String policy = labels.get(LABEL);
    // The API refuses any other value; a label set some other way (a service's labels) must not
    // break the teardown that reads it: it is no policy.
    Matcher match = policy == null ? null : CreateContainer.RESTART_POLICY.matcher(policy);
    if (match == null || !match.matches() || policy.equals("no")) {
      return null;
    }
    if (match.group("always") != null) {
      return new RestartPolicy(false, 0);
    }
    String max = match.group("max");
    return new RestartPolicy(true, max == null ? 0 : Integer.parseInt(max));
  }

  /** Whether a container that ended with {@code code} after {@code restarts} restarts again. */
  boolean restarts(Integer code, int restarts) {
    if (onFailureOnly && code != null && code == 0) {
      return false;
    }
    return maxRestarts == 0 || restarts < maxRestarts;
  }

  /** The wait before restart number {@code restarts + 1}. */
  static Duration delay(int restarts) {
    long millis = FIRST_DELAY.toMillis() << Math.min(restarts, 20);
    return Duration.ofMillis(Math.min(millis, MAX_DELAY.toMillis()));
  }
}
