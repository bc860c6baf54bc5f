package io.berth.api;

import java.util.List;
import java.util.Map;

/**
 * One registered instance of a service.
 *
 * @param id {@code name-hostname}
 * @param name the service
 * @param address the IP address it is reached at
 * @param port the port it serves on
 * @param tags free words
 * @param meta free key-value pairs
 */
public record ServiceInstance(
    String id, String name, String address, int port, List<String> tags, Map<String, String> meta) {
  public ServiceInstance {
    tags = tags == null ? List.of() : List.copyOf(tags);
    meta = meta == null ? Map.of() : Map.copyOf(meta);
  }
}
