package io.berth.discovery;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.berth.spec.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One registered instance of a service, as the registry stores it (JSON).
 *
 * @param id unique among the instances of all services: {@code name-hostname}
 * @param name the service
 * @param address the IP address it is reached at
 * @param port the port it serves on
 * @param tags free words
 * @param meta free key-value pairs
 */
public record Registration(
    String id, String name, String address, int port, List<String> tags, Map<String, String> meta) {
  public Registration {
    if (id == null || id.isEmpty() || id.contains("/")) {
      throw new IllegalArgumentException("a registration id is a word without '/', not " + id);
    }
    if (name == null || name.isEmpty() || name.contains("/")) {
      throw new IllegalArgumentException("a service name is a word without '/', not " + name);
    }
    if (address == null || address.isEmpty()) {
      throw new IllegalArgumentException("registration %s has no address".formatted(id));
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(
          "registration %s: port %d is not 1 to 65535".formatted(id, port));
    }
    tags = tags == null ? List.of() : List.copyOf(tags);
    meta =
        meta == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(meta));
  }

  String toJson() {
    try {
      return Json.strict().writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a registration is always JSON", e);
    }
  }

  /**
   * Reads a stored registration; others may have written the key, so unknown fields are ignored.
   *
   * @throws IllegalArgumentException it is not one
   */
  static Registration fromJson(String key, String json) {
    try {
      return Json.lenient().readValue(json, Registration.class);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "%s does not hold a registration: %s".formatted(key, e.getMessage()), e);
    }
  }
}
