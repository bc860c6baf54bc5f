package io.berth.api.server;

import io.berth.api.ApiException;
import io.berth.api.Berth;
import io.berth.api.EventQuery;
import io.berth.api.Events;
import java.time.Duration;

/**
 * {@code GET /v1/events}: what the agent does, as server-sent events. {@code ?since=SEQ} (or a
 * {@code Last-Event-ID} header, as a browser's EventSource sends when it reconnects) replays the
 * kept events after SEQ first; {@code ?type=} (repeatable, a prefix), {@code ?service=} and {@code
 * ?container=} filter; {@code ?notices=true} adds the events that are delivered but not kept.
 */
final class EventRoutes implements Resource {
  static final Duration HEARTBEAT = Duration.ofSeconds(15);

  private final Berth berth;
  private final Duration heartbeat;

  EventRoutes(Berth berth, Duration heartbeat) {
    this.berth = berth;
    this.heartbeat = heartbeat;
  }

  @Override
  public void addTo(Routes routes) {
    routes.add("GET /v1/events?since&type*&service&container&notices", this::events);
  }

  private void events(Exchange ex) throws Exception {
    Query query = ex.query();
    EventQuery eventQuery =
        new EventQuery(
            since(query.string("since"), ex.header("Last-Event-ID")),
            query.strings("type"),
            blankless(query.string("service"), "service"),
            blankless(query.string("container"), "container"),
            query.flag("notices"));
    Events events = berth.events();
    SseStream stream = new SseStream(ex.response(), heartbeat);
    stream.open();
    try {
      events.watch(
          eventQuery,
          event -> {
            stream.event(event);
            return true;
          });
      stream.finish();
      stream.end();
    } catch (ClientGoneException gone) {
      throw gone;
    } catch (Exception failure) {
      stream.finish();
      if (stream.gone() != null) {
        throw new ClientGoneException(stream.gone());
      }
      stream.fail(Problems.of(failure, ex.path()));
    } finally {
      stream.finish();
    }
  }

  /** The query's {@code since}, else the header's; a header a client sends on reconnect wins. */
  private static Long since(String query, String lastEventId) {
    String value = lastEventId != null && !lastEventId.isBlank() ? lastEventId.strip() : query;
    if (value == null) {
      return null;
    }
    try {
      long since = Long.parseLong(value);
      if (since >= 0) {
        return since;
      }
    } catch (NumberFormatException e) {
      // described below
    }
    throw ApiException.badRequest(
        "'since' (or Last-Event-ID) is an event sequence of 0 or more, not '%s'".formatted(value));
  }

  private static String blankless(String value, String name) {
    if (value != null && value.isBlank()) {
      throw ApiException.badRequest("query parameter '%s' is empty".formatted(name));
    }
    return value;
  }
}
