package io.berth.supervise;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential delays with jitter: {@code initial × 2^(n-1)}, capped, plus up to a quarter more. */
final class Backoff {
  private Backoff() {}

  static Duration delay(int attempt, Duration initial, Duration max) {
    long base = initial.toMillis();
    for (int i = 1; i < attempt && base < max.toMillis(); i++) {
      base *= 2;
    }
    base = Math.min(base, max.toMillis());
    long jitter = base <= 0 ? 0 : ThreadLocalRandom.current().nextLong(base / 4 + 1);
    return Duration.ofMillis(base + jitter);
  }

  /** An interval with up to {@code jitter} added, so many agents do not ask at the same time. */
  static Duration jittered(Duration interval, Duration jitter) {
    long extra =
        jitter.toMillis() <= 0 ? 0 : ThreadLocalRandom.current().nextLong(jitter.toMillis() + 1);
    return interval.plusMillis(extra);
  }
}
