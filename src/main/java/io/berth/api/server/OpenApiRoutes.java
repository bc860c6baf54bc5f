package io.berth.api.server;

import io.berth.spec.Json;

/** {@code GET /v1/openapi.json}: the API described, from the very table that routes requests. */
final class OpenApiRoutes implements Resource {
  static final String MEDIA_TYPE = "application/vnd.oai.openapi+json";

  private final Routes table;

  OpenApiRoutes(Routes table) {
    this.table = table;
  }

  @Override
  public void addTo(Routes routes) {
    routes.add(
        "GET /v1/openapi.json",
        ex ->
            ex.body(
                MEDIA_TYPE,
                Json.lenient()
                    .writerWithDefaultPrettyPrinter()
                    .writeValueAsBytes(OpenApiDocument.of(table, ex.options().version()))));
  }
}
