package io.berth.image.registry;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs an attempt until it succeeds, fails for good, or the {@link RetryPolicy} is spent. */
final class Retrier {
  private static final Logger LOG = LoggerFactory.getLogger(Retrier.class);

  /** One try at an operation; {@link TransientFailure} asks for another. */
  @FunctionalInterface
  interface Attempt<T> {
    T run() throws IOException;
  }

  private final RetryPolicy policy;
  private final RandomGenerator random;

  Retrier(RetryPolicy policy, RandomGenerator random) {
    this.policy = policy;
    this.random = random;
  }

  <T> T run(Attempt<T> attempt) throws IOException {
    long start = System.nanoTime();
    for (int n = 1; ; n++) {
      try {
        return attempt.run();
      } catch (TransientFailure failure) {
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        if (n >= policy.maxAttempts()) {
          throw failure.giveUp("(gave up after %d attempts in %s)".formatted(n, seconds(elapsed)));
        }
        int attempts = n;
        Optional<Duration> asked = failure.retryAfter();
        Duration wait =
            asked
                .map(d -> d.compareTo(policy.maxRetryAfter()) > 0 ? policy.maxRetryAfter() : d)
                .orElseGet(() -> policy.backoff(attempts, random));
        if (elapsed.plus(wait).compareTo(policy.maxTotal()) > 0) {
          throw failure.giveUp(
              "(gave up after %d attempts in %s: the next one would start after the %s allowed)"
                  .formatted(n, seconds(elapsed), seconds(policy.maxTotal())));
        }
        LOG.info("{}; retrying in {}", failure.getMessage(), seconds(wait));
        sleep(wait);
      }
    }
  }

  private static void sleep(Duration wait) throws InterruptedIOException {
    try {
      Thread.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting to retry");
    }
  }

  static String seconds(Duration d) {
    return "%.1f s".formatted(d.toMillis() / 1000.0);
  }
}
