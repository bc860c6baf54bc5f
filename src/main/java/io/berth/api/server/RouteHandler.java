package io.berth.api.server;

/** Serves one route. What it throws becomes a problem document. */
@FunctionalInterface
interface RouteHandler {
  void handle(Exchange exchange) throws Exception;
}
