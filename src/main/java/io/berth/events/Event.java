package io.berth.events;

import java.time.Instant;
import java.util.Map;

/**
 * Something the agent did: an image pulled, a container started, a service upgraded.
 *
 * @param sequence increases by one per event in this agent's log; clients resume from it
 * @param type dotted kind, such as {@code image.pull} or {@code container.exit}
 * @param subject what it is about: an image reference, a container id, a service name
 * @param attributes details; never secrets
 */
public record Event(
    long sequence, Instant time, String type, String subject, Map<String, String> attributes) {
  public Event {
    if (type == null || type.isBlank()) {
      throw new IllegalArgumentException("event without a type");
    }
    attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
  }
}
