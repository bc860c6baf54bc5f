package io.berth.api.server;

import io.berth.api.Berth;
import io.berth.api.Services;

/** {@code /v1/services} and {@code /v1/config}. */
final class ServiceRoutes implements Resource {
  private final Berth berth;

  ServiceRoutes(Berth berth) {
    this.berth = berth;
  }

  private Services services() {
    return berth.services();
  }

  @Override
  public void addTo(Routes routes) {
    routes
        .add("GET /v1/services", ex -> ex.json(services().list()))
        .add("GET /v1/services/{name}", ex -> ex.json(services().inspect(ex.param("name"))))
        .add(
            "POST /v1/services/{name}/{action}",
            ex -> ex.json(services().act(ex.param("name"), ex.param("action"))))
        .add(
            "GET /v1/services/{name}/history?limit",
            ex -> ex.json(services().history(ex.param("name"), limit(ex.query().string("limit")))))
        .add("GET /v1/config", ex -> ex.json(services().config()))
        .add("POST /v1/config/reload", ex -> ex.json(services().reload()));
  }

  private static int limit(String text) {
    if (text == null) {
      return 50;
    }
    try {
      int n = Integer.parseInt(text);
      if (n < 1 || n > 10_000) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw io.berth.api.ApiException.badRequest(
          "limit must be a number from 1 to 10000, not '%s'".formatted(text));
    }
  }
}
