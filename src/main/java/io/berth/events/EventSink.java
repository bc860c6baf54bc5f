package io.berth.events;

import java.util.Map;

/** Where the parts of berth report what they do. */
@FunctionalInterface
public interface EventSink {
  /** A sink that drops everything, for code run outside an agent. */
  EventSink NONE = (type, subject, attributes) -> {};

  void publish(String type, String subject, Map<String, String> attributes);

  default void publish(String type, String subject) {
    publish(type, subject, Map.of());
  }

  /**
   * An event that is handed to subscribers but not stored: frequent and only of interest now, such
   * as the result of each health check (metrics count them; the store keeps the changes).
   */
  default void notice(String type, String subject, Map<String, String> attributes) {
    publish(type, subject, attributes);
  }
}
