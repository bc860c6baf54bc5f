package io.berth.spec;

import java.time.Duration;

/**
 * A service another one depends on (ContainerPilot's backends): when the set of its registered,
 * healthy instances changes, {@code onChange} runs in the dependent's container with the new list.
 *
 * @param name the backend service's name in discovery
 * @param onChange run with the list as JSON in {@code BERTH_BACKEND_INSTANCES} (and the name in
 *     {@code BERTH_BACKEND}); null to only keep {@code file} current
 * @param file where the list is written as JSON in the container before {@code onChange} runs, or
 *     null
 * @param settle how long changes are gathered before one run (a burst runs it once)
 */
public record BackendSpec(String name, ProcessSpec onChange, String file, Duration settle) {
  public BackendSpec {
    if (name == null || !name.matches("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}")) {
      throw new IllegalArgumentException("invalid backend service name '%s'".formatted(name));
    }
    if (file != null && (!file.startsWith("/") || PathNames.hasDotDot(file))) {
      throw new IllegalArgumentException(
          "backend %s: file must be an absolute path in the container without '..', not '%s'"
              .formatted(name, file));
    }
    if (onChange == null && file == null) {
      throw new IllegalArgumentException(
          "backend %s: give onChange, file, or both: otherwise nothing follows it".formatted(name));
    }
    settle = settle == null ? Duration.ofSeconds(1) : settle;
    if (settle.isNegative()) {
      throw new IllegalArgumentException("backend %s: wait cannot be negative".formatted(name));
    }
  }
}
