package io.berth.coord;

import java.time.Duration;

/**
 * A lease: keys attached to it vanish when it expires or is revoked.
 *
 * @param id what keys and keep-alives name it by; never 0
 * @param ttl how long it lives without a keep-alive, in whole seconds (a store may raise a short
 *     TTL to its minimum)
 */
public record Lease(long id, Duration ttl) {
  public Lease {
    if (id <= 0) {
      throw new IllegalArgumentException("a lease id is positive, not " + id);
    }
  }
}
