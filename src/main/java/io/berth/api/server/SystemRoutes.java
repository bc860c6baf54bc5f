package io.berth.api.server;

import io.berth.api.VersionInfo;

/** {@code /v1/version} and {@code /v1/_ping}: what runs, and whether it answers. */
final class SystemRoutes implements Resource {
  static final String API_VERSION = "v1";

  @Override
  public void addTo(Routes routes) {
    routes
        .add("GET /v1/version", ex -> ex.json(version(ex.options().version())))
        .add("GET /v1/_ping", ex -> ex.text("OK"));
  }

  private static VersionInfo version(String version) {
    return new VersionInfo(
        version,
        API_VERSION,
        Runtime.version().toString(),
        System.getProperty("os.name") + " " + System.getProperty("os.version"),
        System.getProperty("os.arch"));
  }
}
