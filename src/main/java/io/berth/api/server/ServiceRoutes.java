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
        .add(
            "POST /v1/services/{name}/maintenance/{mode}",
            ex -> ex.json(services().maintenance(ex.param("name"), onOff(ex.param("mode")))))
        .add(
            "POST /v1/maintenance/{mode}",
            ex -> {
              String mode = ex.param("mode");
              ex.json(services().maintenanceAll(mode.equals("toggle") ? null : onOff(mode)));
            })
        .add(
            "POST /v1/services/{name}/signal?signal&task",
            ex -> {
              String signal = ex.query().string("signal");
              if (signal == null || signal.isBlank()) {
                throw io.berth.api.ApiException.badRequest(
                    "which signal? add ?signal=NAME (TERM, HUP, USR1, 9, ...)");
              }
              services().signal(ex.param("name"), ex.query().string("task"), signal);
              ex.json(java.util.Map.of("signal", signal));
            })
        .add(
            "POST /v1/services/{name}/tasks/{task}/{action}",
            ex -> ex.json(services().task(ex.param("name"), ex.param("task"), ex.param("action"))))
        .add("GET /v1/config", ex -> ex.json(services().config()))
        .add("POST /v1/config/reload", ex -> ex.json(services().reload()));
  }

  private static boolean onOff(String mode) {
    return switch (mode) {
      case "on" -> true;
      case "off" -> false;
      default ->
          throw io.berth.api.ApiException.badRequest(
              "maintenance is 'on' or 'off'%s, not '%s'".formatted("", mode));
    };
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
