package io.berth.api;

import java.util.List;

/**
 * Which events a watch of {@code /v1/events} receives.
 *
 * @param since replay the kept events after this sequence first, then go on live; null for live
 *     events only (0 replays everything still kept)
 * @param types type prefixes, any of which an event's type starts with ({@code container.}, {@code
 *     service.upgrade}); empty for every type
 * @param service only events about this service: its subject, or its {@code service} attribute
 * @param container only events about this container, by id, id prefix or name: its subject, or its
 *     {@code container} or {@code name} attribute
 * @param notices also events delivered but not kept (sequence 0, such as {@code check.result})
 */
public record EventQuery(
    Long since, List<String> types, String service, String container, boolean notices) {
  public EventQuery {
    if (since != null && since < 0) {
      throw ApiException.badRequest("'since' is a sequence of 0 or more, not " + since);
    }
    types = types == null ? List.of() : List.copyOf(types);
    for (String type : types) {
      if (type.isBlank()) {
        throw ApiException.badRequest("an event type filter is not blank");
      }
    }
  }

  /** Every event from now on. */
  public static EventQuery live() {
    return new EventQuery(null, List.of(), null, null, false);
  }

  /** Whether {@code event} passes the type, service and notice filters. */
  public boolean matches(AgentEvent event) {
    if (event.notice() && !notices) {
      return false;
    }
    if (!types.isEmpty() && types.stream().noneMatch(event.type()::startsWith)) {
      return false;
    }
    if (service != null
        && !service.equals(event.subject())
        && !service.equals(event.attributes().get("service"))) {
      return false;
    }
    return container == null || aboutContainer(event, container);
  }

  /**
   * Whether the event is about the container {@code idOrName}: its id, a prefix of it (hex only, so
   * that a name never matches ids by chance), or its name.
   */
  static boolean aboutContainer(AgentEvent event, String idOrName) {
    boolean idPrefix =
        idOrName.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    for (String id : new String[] {event.subject(), event.attributes().get("container")}) {
      if (id != null && (id.equals(idOrName) || (idPrefix && id.startsWith(idOrName)))) {
        return true;
      }
    }
    return idOrName.equals(event.attributes().get("name"));
  }
}
