package io.berth.api;

import java.time.Instant;
import java.util.List;

/**
 * The agent's configuration as loaded.
 *
 * @param source where it comes from: a path or URL, or none
 * @param loaded when the configuration now in force was read
 * @param services the services it declares
 * @param lastError the last reload's error, when it failed (the previous configuration stays)
 * @param lastAttempt when a reload was last tried
 * @param warnings what the configuration asks for that berth does not honour yet
 */
public record ConfigStatus(
    String source,
    Instant loaded,
    List<String> services,
    String lastError,
    Instant lastAttempt,
    List<String> warnings) {
  public ConfigStatus {
    services = services == null ? List.of() : List.copyOf(services);
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
  }
}
