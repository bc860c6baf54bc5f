package io.berth.image.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.image.registry.RegistryException.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class RetryTest {
  static final RetryPolicy FAST =
      new RetryPolicy(
          4,
          Duration.ofMillis(1),
          Duration.ofMillis(4),
          Duration.ofSeconds(5),
          Duration.ofMillis(50));

  @Test
  void backoff_growsExponentiallyWithinJitterAndCap() {
    RetryPolicy policy =
        new RetryPolicy(
            10,
            Duration.ofMillis(100),
            Duration.ofMillis(800),
            Duration.ofMinutes(1),
            Duration.ofSeconds(1));
    Random random = new Random(7);
    long[] bases = {100, 200, 400, 800, 800, 800};
    for (int attempt = 1; attempt <= bases.length; attempt++) {
      for (int i = 0; i < 50; i++) {
        Duration wait = policy.backoff(attempt, random);
        assertThat(wait)
            .isBetween(
                Duration.ofMillis(bases[attempt - 1] / 2), Duration.ofMillis(bases[attempt - 1]));
      }
    }
  }

  @Test
  void retryAfter_seconds_isThatLong() {
    assertThat(RetryAfter.parse(" 120 ", Instant.EPOCH)).contains(Duration.ofSeconds(120));
  }

  @Test
  void retryAfter_httpDate_isTheTimeUntilThen() {
    Instant now = Instant.parse("2015-10-21T07:27:00Z");

    assertThat(RetryAfter.parse("Wed, 21 Oct 2015 07:28:00 GMT", now))
        .contains(Duration.ofMinutes(1));
    assertThat(RetryAfter.parse("Wed, 21 Oct 2015 07:00:00 GMT", now)).contains(Duration.ZERO);
  }

  @Test
  void retryAfter_absentOrUnreadable_isEmpty() {
    assertThat(RetryAfter.parse(null, Instant.EPOCH)).isEmpty();
    assertThat(RetryAfter.parse("soon", Instant.EPOCH)).isEmpty();
    assertThat(RetryAfter.parse("99999999999999999999999", Instant.EPOCH))
        .contains(Duration.ofDays(1));
  }

  @Test
  void run_transientThenSuccess_returnsTheResult() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    Retrier retrier = new Retrier(FAST, new Random(1));

    String result =
        retrier.run(
            () -> {
              if (calls.incrementAndGet() < 3) {
                throw transientFailure(Optional.empty());
              }
              return "done";
            });

    assertThat(result).isEqualTo("done");
    assertThat(calls).hasValue(3);
  }

  @Test
  void run_alwaysTransient_givesUpAfterMaxAttempts() {
    AtomicInteger calls = new AtomicInteger();
    Retrier retrier = new Retrier(FAST, new Random(1));

    assertThatThrownBy(
            () ->
                retrier.run(
                    () -> {
                      calls.incrementAndGet();
                      throw transientFailure(Optional.empty());
                    }))
        .isInstanceOf(RegistryException.class)
        .hasMessage("registry.test answered 503 (gave up after 4 attempts in %s)", "0.0 s");
    assertThat(calls).hasValue(4);
  }

  @Test
  void run_permanentFailure_isNotRetried() {
    AtomicInteger calls = new AtomicInteger();
    Retrier retrier = new Retrier(FAST, new Random(1));

    assertThatThrownBy(
            () ->
                retrier.run(
                    () -> {
                      calls.incrementAndGet();
                      throw new RegistryException(Reason.NOT_FOUND, "gone");
                    }))
        .hasMessage("gone");
    assertThat(calls).hasValue(1);
  }

  @Test
  void run_retryAfterBeyondTheTotalBudget_givesUpAtOnce() {
    RetryPolicy tight =
        new RetryPolicy(
            5,
            Duration.ofMillis(1),
            Duration.ofMillis(1),
            Duration.ofMillis(100),
            Duration.ofSeconds(5));
    Retrier retrier = new Retrier(tight, new Random(1));
    long start = System.nanoTime();

    assertThatThrownBy(
            () ->
                retrier.run(
                    () -> {
                      throw transientFailure(Optional.of(Duration.ofSeconds(3)));
                    }))
        .hasMessageContaining("the next one would start after the 0.1 s allowed");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
  }

  private static TransientFailure transientFailure(Optional<Duration> retryAfter) {
    return new TransientFailure(
        Reason.UNAVAILABLE, 503, "registry.test answered 503", retryAfter, null);
  }
}
