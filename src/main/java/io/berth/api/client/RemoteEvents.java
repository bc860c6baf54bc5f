package io.berth.api.client;

import io.berth.api.AgentEvent;
import io.berth.api.AgentEventSink;
import io.berth.api.ApiException;
import io.berth.api.EventQuery;
import io.berth.api.Events;
import io.berth.api.Problem;
import io.berth.spec.Json;
import java.io.IOException;

/**
 * {@code /v1/events} over HTTP: server-sent events read line by line. A message's {@code data} is
 * the event as JSON; an {@code error} message is the problem that ended the stream.
 */
final class RemoteEvents implements Events {
  private final ApiCalls calls;

  RemoteEvents(ApiCalls calls) {
    this.calls = calls;
  }

  @Override
  public void watch(EventQuery query, AgentEventSink sink) {
    Target target =
        Target.of("/v1/events")
            .query("since", query.since())
            .query("service", query.service())
            .query("container", query.container())
            .flag("notices", query.notices());
    for (String type : query.types()) {
      target.query("type", type);
    }
    Message message = new Message();
    calls.lines("GET", target, line -> message.take(line, sink));
    if (!message.ended) {
      throw new ApiException(
          ApiException.Kind.UNAVAILABLE,
          "the berth agent at %s ended the event stream".formatted(calls.endpoint()));
    }
  }

  /** The message being read: its fields until the blank line that dispatches it. */
  private static final class Message {
    private String event;
    private final StringBuilder data = new StringBuilder();
    private boolean ended;

    /** Takes one line; returns false once the sink or the stream is done. */
    boolean take(String line, AgentEventSink sink) {
      if (line.isEmpty()) {
        return dispatch(sink);
      }
      if (line.startsWith(":")) {
        return true; // a comment: the heartbeat
      }
      int colon = line.indexOf(':');
      String field = colon < 0 ? line : line.substring(0, colon);
      String value = colon < 0 ? "" : line.substring(colon + 1);
      if (value.startsWith(" ")) {
        value = value.substring(1);
      }
      switch (field) {
        case "event" -> event = value;
        case "data" -> data.append(data.isEmpty() ? "" : "\n").append(value);
        default -> {} // id and retry: the data holds the sequence too
      }
      return true;
    }

    private boolean dispatch(AgentEventSink sink) {
      if (data.isEmpty()) {
        event = null;
        return true;
      }
      String json = data.toString();
      String type = event;
      data.setLength(0);
      event = null;
      try {
        if ("error".equals(type)) {
          ended = true;
          throw Json.lenient().readValue(json, Problem.class).toException();
        }
        if (!sink.event(Json.lenient().readValue(json, AgentEvent.class))) {
          ended = true;
          return false;
        }
        return true;
      } catch (IOException e) {
        throw new ApiException(
            ApiException.Kind.UNAVAILABLE, "the agent sent an event that does not parse: " + json);
      }
    }
  }
}
