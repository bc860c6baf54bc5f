package io.berth.api.server;

import java.time.Duration;

/**
 * How the API server treats requests.
 *
 * @param maxBodyBytes the largest request body accepted; larger ones are refused with 413
 * @param heartbeat how long a stream may stay silent before a blank keep-alive line is sent; a
 *     client that went away is noticed by then, and a stream's headers are sent by then at latest
 * @param version berth's version, for {@code GET /v1/version}
 */
record ServerOptions(long maxBodyBytes, Duration heartbeat, String version) {
  static final long DEFAULT_MAX_BODY_BYTES = 1 << 20;
  static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(5);

  ServerOptions {
    if (maxBodyBytes < 1) {
      throw new IllegalArgumentException("the body limit must be positive");
    }
    if (heartbeat.isNegative() || heartbeat.isZero()) {
      throw new IllegalArgumentException("the heartbeat must be positive");
    }
  }
}
