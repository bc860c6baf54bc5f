package io.berth.spec;

import java.util.regex.Pattern;

/**
 * The agent's metrics, besides {@code /metrics} on the API socket.
 *
 * @param listen {@code HOST:PORT} (a port alone, or {@code :PORT}, means loopback) where plain HTTP
 *     serves only {@code /metrics}; null for no such listener
 */
public record TelemetrySpec(String listen) {
  public static final TelemetrySpec NONE = new TelemetrySpec(null);
  private static final Pattern ADDRESS =
      Pattern.compile("(?:(\\[[0-9a-fA-F:.]+]|[A-Za-z0-9.-]*):)?(\\d{1,5})");

  public TelemetrySpec {
    if (listen != null) {
      var m = ADDRESS.matcher(listen);
      if (!m.matches() || Integer.parseInt(m.group(2)) > 65535) {
        throw new IllegalArgumentException(
            "the metrics address is HOST:PORT or a port, not '%s'".formatted(listen));
      }
    }
  }
}
