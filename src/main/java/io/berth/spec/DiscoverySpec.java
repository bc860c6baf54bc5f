package io.berth.spec;

import java.time.Duration;

/**
 * Where services are registered ({@code discovery:}): the backend, as {@link CoordSpec} describes
 * it (embedded in the agent by default, or an etcd cluster), and how long a registration outlives
 * an agent that stopped renewing it.
 *
 * @param backend the store that holds the registrations
 * @param ttl the lease of the agent's registrations, renewed while they hold; whole seconds
 */
public record DiscoverySpec(CoordSpec backend, Duration ttl) {
  public static final Duration DEFAULT_TTL = Duration.ofSeconds(10);
  public static final DiscoverySpec DEFAULT = new DiscoverySpec(null, null);

  public DiscoverySpec {
    backend = backend == null ? CoordSpec.embedded() : backend;
    ttl = ttl == null ? DEFAULT_TTL : ttl;
    if (ttl.compareTo(Duration.ofSeconds(1)) < 0 || ttl.getNano() != 0) {
      throw new IllegalArgumentException(
          "discovery.ttl: expected whole seconds, at least 1s, not %s".formatted(ttl));
    }
  }
}
