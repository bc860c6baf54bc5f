package io.berth.coord;

import java.time.Duration;

/** Lease TTLs as both backends grant them: whole seconds, at least one. */
final class Leases {
  /** etcd's longest TTL (lease.MaxLeaseTTL). */
  static final long MAX_TTL_SECONDS = 9_000_000_000L;

  private Leases() {}

  /** {@code ttl} rounded up to whole seconds. */
  static long seconds(Duration ttl) {
    if (ttl == null || ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("a lease TTL must be positive, not " + ttl);
    }
    long seconds = ttl.getSeconds() + (ttl.getNano() > 0 ? 1 : 0);
    if (seconds > MAX_TTL_SECONDS) {
      throw new IllegalArgumentException(
          "a lease TTL of %s is longer than etcd allows (%d s)".formatted(ttl, MAX_TTL_SECONDS));
    }
    return seconds;
  }
}
