package io.berth.config;

import io.berth.spec.InterfaceSpec;
import io.berth.spec.RegistrationSpec;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A service's discovery fields: {@code port} (without it the service is not registered), {@code
 * tags}, {@code meta}, {@code interfaces} (one specification or a list) and {@code address}.
 */
final class RegistrationReader {
  static final Set<String> FIELDS = Set.of("port", "tags", "meta", "interfaces", "address");

  private RegistrationReader() {}

  /** The registration, or null when the service declares no port. */
  static RegistrationSpec read(Field service) {
    Field portField = service.child("port");
    if (!portField.present()) {
      for (String other : List.of("tags", "meta", "interfaces", "address")) {
        if (service.child(other).present()) {
          throw service
              .child(other)
              .fail("only a service with a port is registered in discovery; add port");
        }
      }
      return null;
    }
    long port = portField.nonNegative(65535).orElseThrow();
    if (port < 1) {
      throw portField.fail("expected a port from 1 to 65535, got " + portField.describe());
    }
    List<String> tags = service.child("tags").words();
    Map<String, String> meta = meta(service.child("meta"));
    List<InterfaceSpec> interfaces = interfaces(service.child("interfaces"));
    InetAddress address = address(service.child("address"));
    try {
      return new RegistrationSpec((int) port, tags, meta, interfaces, address);
    } catch (IllegalArgumentException e) {
      throw service.fail(e.getMessage(), e);
    }
  }

  private static Map<String, String> meta(Field field) {
    Map<String, String> meta = new LinkedHashMap<>();
    for (var member : field.members().entrySet()) {
      Field value = member.getValue();
      if (!value.present() || !(value.node() instanceof Node.ScalarNode)) {
        throw value.fail("expected a string, got " + value.describe());
      }
      meta.put(member.getKey(), value.scalarText().orElseThrow());
    }
    return meta;
  }

  private static List<InterfaceSpec> interfaces(Field field) {
    List<Field> items =
        field.isList() ? field.items() : field.present() ? List.of(field) : List.of();
    List<InterfaceSpec> specs = new ArrayList<>();
    for (Field item : items) {
      String text = item.requiredString("an interface specification such as eth0 or inet");
      try {
        specs.add(InterfaceSpec.parse(text));
      } catch (IllegalArgumentException e) {
        throw item.fail(e.getMessage(), e);
      }
    }
    return specs;
  }

  private static InetAddress address(Field field) {
    return field
        .string()
        .map(
            text -> {
              try {
                return InetAddress.ofLiteral(text.strip());
              } catch (IllegalArgumentException e) {
                throw field.fail(
                    "expected an IP address such as 10.0.0.5, got " + field.describe());
              }
            })
        .orElse(null);
  }
}
