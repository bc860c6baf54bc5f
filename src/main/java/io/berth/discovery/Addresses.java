package io.berth.discovery;

import io.berth.spec.InterfaceSpec;
import io.berth.spec.RegistrationSpec;
import java.net.InetAddress;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The address a service advertises. An explicit {@code address} wins. A service on the host's
 * network resolves its interface specifications against the host's interfaces; a service in a
 * network namespace of its own (whose interfaces the agent does not see) only has its {@code
 * static:} specifications. When nothing matches, it is loopback: reachable from this host, which is
 * what the embedded backend serves.
 */
public final class Addresses {
  public static final InetAddress LOOPBACK = InetAddress.ofLiteral("127.0.0.1");

  private Addresses() {}

  /** The address for {@code registration}. */
  public static InetAddress of(
      RegistrationSpec registration,
      boolean hostNetwork,
      Supplier<List<HostInterface>> interfaces) {
    if (registration.address() != null) {
      return registration.address();
    }
    List<HostInterface> seen = hostNetwork ? interfaces.get() : List.of();
    return resolve(registration.interfaces(), seen).orElse(LOOPBACK);
  }

  /**
   * The first specification that matches, as ContainerPilot resolves them: interfaces ordered by
   * name, their addresses by bytes (see {@link HostInterface}).
   */
  public static Optional<InetAddress> resolve(
      List<InterfaceSpec> specs, List<HostInterface> interfaces) {
    List<HostInterface> ordered =
        interfaces.stream().sorted(Comparator.comparing(HostInterface::name)).toList();
    for (InterfaceSpec spec : specs) {
      Optional<InetAddress> found = match(spec, ordered);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  private static Optional<InetAddress> match(InterfaceSpec spec, List<HostInterface> interfaces) {
    return switch (spec) {
      case InterfaceSpec.Static s -> Optional.of(s.address());
      case InterfaceSpec.Named n ->
          named(interfaces, n.name()).stream()
              .flatMap(i -> i.addresses().stream())
              .filter(n.family()::matches)
              .findFirst();
      case InterfaceSpec.Indexed x ->
          named(interfaces, x.name())
              .filter(i -> x.index() < i.addresses().size())
              .map(i -> i.addresses().get(x.index()));
      case InterfaceSpec.Network net ->
          interfaces.stream()
              .flatMap(i -> i.addresses().stream())
              .filter(net::contains)
              .findFirst();
      case InterfaceSpec.Any any ->
          interfaces.stream()
              .flatMap(i -> i.addresses().stream())
              .filter(any.family()::matches)
              .filter(a -> !a.isLoopbackAddress())
              .findFirst();
    };
  }

  private static Optional<HostInterface> named(List<HostInterface> interfaces, String name) {
    return interfaces.stream().filter(i -> i.name().equals(name)).findFirst();
  }
}
