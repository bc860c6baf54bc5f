package io.berth.config;

import io.berth.config.Node.ScalarNode.Kind;
import io.berth.spec.TelemetrySpec;
import java.util.Set;

/**
 * {@code telemetry:}, where the agent serves its metrics besides the API socket: {@code listen},
 * {@code HOST:PORT} or a port (loopback); and {@code register}, {@code true} or {@code {name,
 * tags}}, to announce that listener in discovery.
 */
final class TelemetrySection {
  private static final Set<String> FIELDS = Set.of("listen", "register");
  private static final Set<String> REGISTER = Set.of("name", "tags");

  private TelemetrySection() {}

  static TelemetrySpec read(Field telemetry) {
    if (!telemetry.present()) {
      return TelemetrySpec.NONE;
    }
    telemetry.only(FIELDS);
    Field listen = telemetry.child("listen");
    String address = listen.scalarText().orElse(null);
    TelemetrySpec.Register register = register(telemetry.child("register"));
    try {
      return new TelemetrySpec(address, register);
    } catch (IllegalArgumentException e) {
      throw listen.fail(
          "expected HOST:PORT such as 127.0.0.1:9090, or a port, got " + listen.describe());
    }
  }

  private static TelemetrySpec.Register register(Field register) {
    if (!register.present()) {
      return null;
    }
    if (register.is(Kind.BOOLEAN)) {
      return register.bool().orElseThrow() ? new TelemetrySpec.Register(null, null) : null;
    }
    if (!register.isMap()) {
      throw register.fail(
          "expected true, false or a mapping with name and tags, got " + register.describe());
    }
    register.only(REGISTER);
    Field name = register.child("name");
    try {
      return new TelemetrySpec.Register(name.string().orElse(null), register.child("tags").words());
    } catch (IllegalArgumentException e) {
      throw name.fail(e.getMessage(), e);
    }
  }
}
