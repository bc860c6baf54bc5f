package io.berth.api.server;

/** A part of the API (images, containers, ...) that adds its routes to the table. */
interface Resource {
  void addTo(Routes routes);
}
