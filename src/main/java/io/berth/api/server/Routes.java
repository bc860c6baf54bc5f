package io.berth.api.server;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The routing table: method and path pattern to handler, with the query parameters each route
 * takes. A route is written as it is called: {@code "GET /v1/containers/{id}/logs?follow&tail"}; a
 * parameter that may be given more than once is written with a star ({@code ?type*}). An unknown
 * query parameter is a bad request, so a typo is never silently ignored.
 */
final class Routes {
  private final List<Route> routes = new ArrayList<>();

  Routes add(String spec, RouteHandler handler) {
    Route route = Route.parse(spec, handler);
    for (Route other : routes) {
      if (other.method().equals(route.method())
          && other.pattern().segments().equals(route.pattern().segments())) {
        throw new IllegalArgumentException("two routes for " + spec);
      }
    }
    routes.add(route);
    return this;
  }

  Routes add(Resource resource) {
    resource.addTo(this);
    return this;
  }

  /** The route for a request, by method and decoded path segments. */
  Match match(String method, List<String> path) {
    Route best = null;
    Map<String, String> bestParams = null;
    Set<String> allowed = new LinkedHashSet<>();
    for (Route route : routes) {
      Map<String, String> params = route.pattern().match(path);
      if (params == null) {
        continue;
      }
      allowed.add(route.method());
      if (route.method().equals(method)
          && (best == null || route.pattern().literals() > best.pattern().literals())) {
        best = route;
        bestParams = params;
      }
    }
    if (best != null) {
      return new Match.Found(best, bestParams);
    }
    return allowed.isEmpty() ? new Match.NotFound() : new Match.WrongMethod(allowed);
  }

  /** Every route, in the order added: for the OpenAPI document. */
  List<Route> all() {
    return List.copyOf(routes);
  }

  /** One entry of the table; {@code query} holds names, a repeatable one ending with '*'. */
  record Route(String method, PathPattern pattern, Set<String> query, RouteHandler handler) {
    static Route parse(String spec, RouteHandler handler) {
      String[] parts = spec.split(" ", 2);
      if (parts.length != 2) {
        throw new IllegalArgumentException("a route is 'METHOD /path?param&param': " + spec);
      }
      String[] pathAndQuery = parts[1].split("\\?", 2);
      Set<String> query =
          pathAndQuery.length == 1
              ? Set.of()
              : Set.copyOf(Arrays.asList(pathAndQuery[1].split("&")));
      return new Route(parts[0], PathPattern.parse(pathAndQuery[0]), query, handler);
    }

    /** The query parameters by name, whether each may be repeated. */
    Map<String, Boolean> parameters() {
      Map<String, Boolean> parameters = new java.util.TreeMap<>();
      for (String name : query) {
        boolean repeatable = name.endsWith("*");
        parameters.put(repeatable ? name.substring(0, name.length() - 1) : name, repeatable);
      }
      return parameters;
    }

    @Override
    public String toString() {
      return method + " " + pattern.text() + (query.isEmpty() ? "" : "?" + String.join("&", query));
    }
  }

  /** What the table says about a request. */
  sealed interface Match {
    record Found(Route route, Map<String, String> params) implements Match {}

    record WrongMethod(Set<String> allowed) implements Match {}

    record NotFound() implements Match {}
  }
}
