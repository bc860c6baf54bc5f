package io.berth.config;

import io.berth.spec.TelemetrySpec;
import java.util.Set;

/**
 * {@code telemetry:}, where the agent serves its metrics besides the API socket: {@code listen},
 * {@code HOST:PORT} or a port (loopback).
 */
final class TelemetrySection {
  private static final Set<String> FIELDS = Set.of("listen");

  private TelemetrySection() {}

  static TelemetrySpec read(Field telemetry) {
    if (!telemetry.present()) {
      return TelemetrySpec.NONE;
    }
    telemetry.only(FIELDS);
    Field listen = telemetry.child("listen");
    String address = listen.scalarText().orElse(null);
    try {
      return new TelemetrySpec(address);
    } catch (IllegalArgumentException e) {
      throw listen.fail(
          "expected HOST:PORT such as 127.0.0.1:9090, or a port, got " + listen.describe());
    }
  }
}
