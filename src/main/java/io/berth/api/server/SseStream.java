package io.berth.api.server;

import io.berth.api.AgentEvent;
import io.berth.api.Problem;
import io.berth.spec.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.eclipse.jetty.server.Response;

/**
 * A server-sent event stream (text/event-stream, WHATWG HTML §9.2): one message per event, its
 * {@code id} the event's sequence (so a browser's {@code EventSource} resumes with {@code
 * Last-Event-ID}), its {@code event} the type, its {@code data} the event as JSON. A notice has no
 * id, since it cannot be replayed. A comment line is sent whenever the stream was silent for a
 * heartbeat period; when that write fails the client has gone, and the worker is interrupted so
 * that a watch waiting for the next event ends.
 */
final class SseStream {
  static final String MEDIA_TYPE = "text/event-stream";

  private final KeptAlive out;

  SseStream(Response response, Duration heartbeat) {
    this.out =
        new KeptAlive(
            response,
            heartbeat,
            MEDIA_TYPE + ";charset=utf-8",
            ": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
  }

  /** Sends the head and a first comment, so the client knows the watch is in place. */
  void open() {
    send(": berth events\n\n", false);
    out.start("berth-api-sse-heartbeat");
  }

  void event(AgentEvent event) {
    StringBuilder message = new StringBuilder(256);
    if (!event.notice()) {
      message.append("id: ").append(event.sequence()).append('\n');
    }
    message.append("event: ").append(oneLine(event.type())).append('\n');
    message.append("data: ").append(json(event)).append("\n\n");
    send(message.toString(), false);
  }

  /** Ends the stream with an {@code error} event that holds the problem. */
  void fail(Problem problem) {
    send("event: error\ndata: " + json(problem) + "\n\n", true);
  }

  /** Ends the stream. */
  void end() {
    send("", true);
  }

  /** Stops the heartbeat and waits for it. */
  void finish() {
    out.finish();
  }

  /** The failure that showed the client has gone, or null. */
  IOException gone() {
    return out.gone();
  }

  private void send(String text, boolean last) {
    out.send(text.getBytes(StandardCharsets.UTF_8), last);
  }

  private static String json(Object value) {
    try {
      return Json.lenient().writeValueAsString(value); // one line: no pretty printing
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // A line break inside a field would end it early; types never hold one, but a bad one must not
  // break the framing.
  private static String oneLine(String text) {
    return text.replace('\n', ' ').replace('\r', ' ');
  }
}
