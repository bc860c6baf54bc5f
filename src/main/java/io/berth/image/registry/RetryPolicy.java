package io.berth.image.registry;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How often and how long berth retries a request that failed in a way that may pass: a 5xx answer,
 * a 429, a connection that broke before the answer arrived.
 *
 * @param maxAttempts attempts in all, the first included
 * @param initialBackoff the wait before the second attempt; it doubles for each further one
 * @param maxBackoff the longest wait between two attempts
 * @param maxTotal no attempt starts after this much time has passed since the first
 * @param maxRetryAfter the longest wait a registry's {@code Retry-After} may ask for
 */
public record RetryPolicy(
    int maxAttempts,
    Duration initialBackoff,
    Duration maxBackoff,
    Duration maxTotal,
    Duration maxRetryAfter) {

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, not " + maxAttempts);
    }
    requirePositive("initialBackoff", initialBackoff);
    requirePositive("maxBackoff", maxBackoff);
    requirePositive("maxTotal", maxTotal);
    requirePositive("maxRetryAfter", maxRetryAfter);
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("maxBackoff is shorter than initialBackoff");
    }
  }

  /**
   * Five attempts, waits of about 0.5, 1, 2 and 4 s, at most a minute in all; a registry may ask
   * for up to 30 s with Retry-After. A registry that stays down delays a pull; the caller tries
   * again later, so longer does not buy much.
   */
  public static RetryPolicy defaults() {
    return new RetryPolicy(
        5,
        Duration.ofMillis(500),
        Duration.ofSeconds(8),
        Duration.ofSeconds(60),
        Duration.ofSeconds(30));
  }

  /** One attempt: for callers that retry on their own schedule. */
  public static RetryPolicy none() {
    return new RetryPolicy(
        1, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofMillis(1));
  }

  /**
   * The wait after failed attempt {@code attempt} (1-based): exponential, capped, with "equal
   * jitter" (half fixed, half random) so that many agents do not retry in step.
   */
  Duration backoff(int attempt, RandomGenerator random) {
    long base = initialBackoff.toNanos();
    for (int i = 1; i < attempt && base < maxBackoff.toNanos(); i++) {
      base *= 2;
    }
    base = Math.min(base, maxBackoff.toNanos());
    long half = base / 2;
    return Duration.ofNanos(half + (half > 0 ? random.nextLong(half + 1) : 0));
  }

  private static void requirePositive(String name, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be a positive duration, not " + value);
    }
  }
}
