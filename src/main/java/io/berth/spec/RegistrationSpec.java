package io.berth.spec;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a service announces itself in discovery while it runs healthy and out of maintenance.
 *
 * @param port the port it serves on, 1 to 65535
 * @param tags free words for whoever looks it up
 * @param meta free key-value pairs
 * @param interfaces where its address comes from, first match wins; empty for {@link
 *     #DEFAULT_INTERFACES}
 * @param address the address to advertise, whatever the interfaces say; null to resolve them
 */
public record RegistrationSpec(
    int port,
    List<String> tags,
    Map<String, String> meta,
    List<InterfaceSpec> interfaces,
    InetAddress address) {
  /**
   * ContainerPilot's default ({@code eth0:inet}), then any IPv4 address, so that a host without an
   * {@code eth0} still has one.
   */
  public static final List<InterfaceSpec> DEFAULT_INTERFACES =
      List.of(
          new InterfaceSpec.Named("eth0", InterfaceSpec.Family.INET),
          new InterfaceSpec.Any(InterfaceSpec.Family.INET));

  public RegistrationSpec {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port: expected 1 to 65535, not %d".formatted(port));
    }
    tags = tags == null ? List.of() : List.copyOf(tags);
    meta =
        meta == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(meta));
    interfaces =
        interfaces == null || interfaces.isEmpty() ? DEFAULT_INTERFACES : List.copyOf(interfaces);
  }

  public static RegistrationSpec port(int port) {
    return new RegistrationSpec(port, null, null, null, null);
  }
}
