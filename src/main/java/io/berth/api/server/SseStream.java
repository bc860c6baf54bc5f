package io.berth.api.server;

import io.berth.api.AgentEvent;
import io.berth.api.Problem;
import io.berth.spec.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
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

  private final Response response;
  private final Thread worker;
  private final long heartbeatNanos;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition finishedSignal = lock.newCondition();
  private Thread heartbeat;
  private boolean finished;
  private long lastWrite = System.nanoTime();
  private IOException gone;

  SseStream(Response response, Duration heartbeat) {
    this.response = response;
    this.worker = Thread.currentThread();
    this.heartbeatNanos = heartbeat.toNanos();
  }

  /** Sends the head and a first comment, so the client knows the watch is in place. */
  void open() {
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, MEDIA_TYPE + ";charset=utf-8");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
    send(": berth events\n\n", false);
    heartbeat = Thread.ofVirtual().name("berth-api-sse-heartbeat").start(this::beat);
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
    lock.lock();
    try {
      finished = true;
      finishedSignal.signalAll();
    } finally {
      lock.unlock();
    }
    if (heartbeat != null) {
      try {
        heartbeat.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // the client went away: the heartbeat ends by itself
      }
    }
  }

  /** The failure that showed the client has gone, or null. */
  IOException gone() {
    lock.lock();
    try {
      return gone;
    } finally {
      lock.unlock();
    }
  }

  private void send(String text, boolean last) {
    lock.lock();
    try {
      if (gone != null) {
        throw new ClientGoneException(gone);
      }
      write(text, last);
    } catch (IOException e) {
      gone = e;
      throw new ClientGoneException(e);
    } finally {
      lock.unlock();
    }
  }

  // Called with the lock held.
  private void write(String text, boolean last) throws IOException {
    Content.Sink.write(response, last, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    lastWrite = System.nanoTime();
  }

  private void beat() {
    lock.lock();
    try {
      while (!finished) {
        long silent = System.nanoTime() - lastWrite;
        if (silent < heartbeatNanos) {
          finishedSignal.awaitNanos(heartbeatNanos - silent);
          continue;
        }
        try {
          write(": keep-alive\n\n", false);
        } catch (IOException e) {
          gone = e;
          worker.interrupt();
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      lock.unlock();
    }
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
