package io.berth.spec;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The agent's metrics, besides {@code /metrics} on the API socket.
 *
 * @param listen {@code HOST:PORT} (a port alone, or {@code :PORT}, means loopback) where plain HTTP
 *     serves only {@code /metrics}; null for no such listener
 * @param register how that listener announces itself in discovery, as ContainerPilot's telemetry
 *     does; null to stay unannounced
 */
public record TelemetrySpec(String listen, Register register) {
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

  /** A listener that is not announced. */
  public TelemetrySpec(String listen) {
    this(listen, null);
  }

  /**
   * The metrics listener's registration: instance {@code name-hostname}, at the listener's address
   * and port, for as long as the agent serves it.
   *
   * @param name the service name it is registered under ({@link #DEFAULT_NAME} when null)
   * @param tags free words
   */
  public record Register(String name, List<String> tags) {
    public static final String DEFAULT_NAME = "berth-telemetry";

    public Register {
      name = name == null ? DEFAULT_NAME : name;
      if (!name.matches("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}")) {
        throw new IllegalArgumentException(
            "invalid service name '%s': letters, digits, '_', '.' and '-', up to 63, starting with a letter or digit"
                .formatted(name));
      }
      tags = tags == null ? List.of() : List.copyOf(tags);
    }
  }
}
