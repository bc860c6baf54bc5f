package io.berth.api;

import java.time.Instant;
import java.util.Map;

/**
 * Something the agent did, as {@code GET /v1/events} streams it: a container started or exited, a
 * service upgraded or rolled back, a health change, a config reload.
 *
 * @param sequence the event's place in the agent's log; a client resumes after it. 0 for a notice:
 *     an event delivered as it happens but not kept (a health check's result)
 * @param type dotted kind, such as {@code container.start} or {@code service.rollback}
 * @param subject what it is about: a container id, a service name, an image reference
 * @param attributes details; never secrets
 */
public record AgentEvent(
    long sequence, Instant time, String type, String subject, Map<String, String> attributes) {
  public AgentEvent {
    if (type == null || type.isBlank()) {
      throw new IllegalArgumentException("an event has a type");
    }
    attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
  }

  /** Whether it was delivered without being kept, so that no replay will see it again. */
  public boolean notice() {
    return sequence == 0;
  }
}
