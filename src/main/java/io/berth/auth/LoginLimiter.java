package io.berth.auth;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failed logins per client address in a sliding window: after {@code limit} failures within {@code
 * window}, the client must wait until the oldest of them leaves the window. A success does not
 * reset the count, so guessing between two known-good logins gains nothing.
 */
final class LoginLimiter {
  private final int limit;
  private final Duration window;
  private final InstantSource clock;
  private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

  LoginLimiter(int limit, Duration window, InstantSource clock) {
    this.limit = limit;
    this.window = window;
    this.clock = clock;
  }

  /** How long {@code client} must wait before trying again; empty when it may try now. */
  Optional<Duration> wait(String client) {
    Deque<Instant> times = failures.get(client);
    if (times == null) {
      return Optional.empty();
    }
    synchronized (times) {
      Instant now = clock.instant();
      prune(times, now);
      if (times.size() < limit) {
        return Optional.empty();
      }
      return Optional.of(Duration.between(now, times.peekFirst().plus(window)));
    }
  }

  void failed(String client) {
    Deque<Instant> times = failures.computeIfAbsent(client, c -> new ArrayDeque<>());
    synchronized (times) {
      Instant now = clock.instant();
      prune(times, now);
      times.addLast(now);
    }
    // Forget clients whose failures have all aged out, so the map cannot grow without end.
    if (failures.size() > 10_000) {
      failures.values().removeIf(this::stale);
    }
  }

  private boolean stale(Deque<Instant> times) {
    synchronized (times) {
      prune(times, clock.instant());
      return times.isEmpty();
    }
  }

  private void prune(Deque<Instant> times, Instant now) {
    while (!times.isEmpty() && !times.peekFirst().plus(window).isAfter(now)) {
      times.removeFirst();
    }
  }
}
