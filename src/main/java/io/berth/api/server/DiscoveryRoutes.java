package io.berth.api.server;

import io.berth.api.Berth;

/** {@code /v1/discovery}: what is registered, for every service or one. */
final class DiscoveryRoutes implements Resource {
  private final Berth berth;

  DiscoveryRoutes(Berth berth) {
    this.berth = berth;
  }

  @Override
  public void addTo(Routes routes) {
    routes
        .add("GET /v1/discovery", ex -> ex.json(berth.discovery().list()))
        .add(
            "GET /v1/discovery/{service}",
            ex -> ex.json(berth.discovery().list(ex.param("service"))));
  }
}
