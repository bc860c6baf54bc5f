package io.berth.runtime;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

  /** What the label may say: the API's own check accepts these and nothing else. */
  private static final Pattern VALUE =
      Pattern.compile("(always|unless-stopped)|on-failure(?::([1-9][0-9]{0,3}))?");

  /** The policy the labels give, or null for none (or for a value that is not a policy). */
  static RestartPolicy of(Map<String, String> labels) {
    String policy = labels.get(LABEL);
    // The API refuses any other value; a label set some other way (a service's labels) must not
    // break the teardown that reads it: it is no policy.
    Matcher match = policy == null ? null : VALUE.matcher(policy);
    if (match == null || !match.matches()) {
      return null;
    }
    if (match.group(1) != null) {
      return new RestartPolicy(false, 0);
    }
    return new RestartPolicy(true, match.group(2) == null ? 0 : Integer.parseInt(match.group(2)));
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
