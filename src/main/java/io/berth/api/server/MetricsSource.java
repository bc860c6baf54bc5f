package io.berth.api.server;

import java.io.IOException;

/**
 * What {@code GET /metrics} serves: the agent's metrics in the format the caller's {@code Accept}
 * header asks for. The agent plugs its telemetry in here; this package knows no metrics library.
 */
@FunctionalInterface
public interface MetricsSource {
  Scrape scrape(String accept) throws IOException;

  /** The metrics as they are now, and their media type. */
  record Scrape(String contentType, byte[] body) {}
}
