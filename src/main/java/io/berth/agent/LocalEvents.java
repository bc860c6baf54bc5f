package io.berth.agent;

import io.berth.api.AgentEvent;
import io.berth.api.AgentEventSink;
import io.berth.api.ApiException;
import io.berth.api.EventQuery;
import io.berth.api.Events;
import io.berth.events.Event;
import io.berth.events.EventBus;
import io.berth.runtime.ContainerRuntime;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * The engine's event stream: the bus's log replayed, then its live events. The watch subscribes
 * before it reads the log, so nothing published meanwhile is missed; what both hold is handed on
 * once, by sequence.
 */
final class LocalEvents implements Events {
  /** Events a watch may have waiting before it is ended as too slow. */
  static final int MAX_BACKLOG = 10_000;

  private static final int PAGE = 500;

  private final EventBus bus;
  private final ContainerRuntime runtime;

  LocalEvents(EventBus bus, ContainerRuntime runtime) {
    this.bus = bus;
    this.runtime = runtime;
  }

  @Override
  public void watch(EventQuery query, AgentEventSink sink) {
    Predicate<AgentEvent> filter = filter(query);
    BlockingQueue<Event> queue = new LinkedBlockingQueue<>();
    AtomicBoolean overflow = new AtomicBoolean();
    AutoCloseable subscription =
        bus.subscribe(
            event -> filter.test(event(event)),
            event -> {
              if (queue.size() >= MAX_BACKLOG) {
                overflow.set(true);
              } else {
                queue.add(event);
              }
            });
    try {
      long last = replay(query, filter, sink);
      if (last < 0) {
        return;
      }
      while (true) {
        Event next = queue.take();
        if (overflow.get()) {
          throw new ApiException(
              ApiException.Kind.UNAVAILABLE,
              "the event watch fell %d events behind and was ended; resume with since=%d"
                  .formatted(MAX_BACKLOG, last));
        }
        if (next.sequence() != 0 && next.sequence() <= last) {
          continue; // replayed from the log already
        }
        if (!sink.event(event(next))) {
          return;
        }
        if (next.sequence() != 0) {
          last = next.sequence();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(ApiException.Kind.UNAVAILABLE, "the event watch was interrupted", e);
    } finally {
      try {
        subscription.close();
      } catch (Exception e) {
        // removing a subscriber from a list does not fail
      }
    }
  }

  /**
   * Hands on the kept events after {@code since}; returns the last sequence read from the log (0
   * when the query is for live events only), or -1 when the sink has had enough.
   */
  private long replay(EventQuery query, Predicate<AgentEvent> filter, AgentEventSink sink) {
    try {
      if (query.since() == null) {
        return 0; // live only: everything queued since the subscription is new
      }
      long last = query.since();
      while (true) {
        List<Event> page = bus.history(last, PAGE);
        for (Event stored : page) {
          last = stored.sequence();
          AgentEvent event = event(stored);
          if (filter.test(event) && !sink.event(event)) {
            return -1;
          }
        }
        if (page.size() < PAGE) {
          return last;
        }
      }
    } catch (IOException e) {
      throw new ApiException(
          ApiException.Kind.INTERNAL, "cannot read the event log: " + e.getMessage(), e);
    }
  }

  /** The query's filter; a container named by name or id prefix also matches by its full id. */
  private Predicate<AgentEvent> filter(EventQuery query) {
    if (query.container() == null) {
      return query::matches;
    }
    String id;
    try {
      id = runtime.find(query.container()).id();
    } catch (IOException | RuntimeException e) {
      return query::matches; // gone, or never there: its events are matched by what was given
    }
    EventQuery byId =
        new EventQuery(query.since(), query.types(), query.service(), id, query.notices());
    return event -> query.matches(event) || byId.matches(event);
  }

  private static AgentEvent event(Event event) {
    return new AgentEvent(
        event.sequence(), event.time(), event.type(), event.subject(), event.attributes());
  }
}
