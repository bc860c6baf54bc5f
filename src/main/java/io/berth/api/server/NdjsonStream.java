package io.berth.api.server;

import io.berth.api.ContainerSummary;
import io.berth.api.KvEvent;
import io.berth.api.LayerProgress;
import io.berth.api.LogLine;
import io.berth.api.StreamFrame;
import io.berth.spec.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import org.eclipse.jetty.server.Response;

/**
 * A streamed response: one {@link StreamFrame} per line, written as it happens.
 *
 * <p>The status line is sent with the first frame, or after one silent heartbeat period, so a
 * request that fails at once still gets a real status and a problem document. Past that, a failure
 * is a last {@code problem} frame.
 *
 * <p>A heartbeat thread writes a blank line whenever the stream was silent for a period. The write
 * fails once the client has gone, and the stream then interrupts the worker (a follow that waits
 * for output wakes up) and makes every later callback throw {@link ClientGoneException}.
 */
final class NdjsonStream {
  private static final byte[] KEEP_ALIVE = {'\n'};

  private final KeptAlive out;

  NdjsonStream(Response response, Duration heartbeat) {
    this.out = new KeptAlive(response, heartbeat, StreamFrame.MEDIA_TYPE, KEEP_ALIVE);
    out.start("berth-api-heartbeat");
  }

  void progress(LayerProgress progress) {
    send(StreamFrame.progress(progress), false);
  }

  void line(LogLine line) {
    send(StreamFrame.line(line), false);
  }

  void container(ContainerSummary container) {
    send(StreamFrame.container(container), false);
  }

  void event(KvEvent event) {
    send(StreamFrame.event(event), false);
  }

  /** Sends the last frame. */
  void end(StreamFrame last) {
    send(last, true);
  }

  /**
   * Stops the heartbeat and waits for it. Returns whether the status line went out: if not, the
   * caller may still answer with a plain response (a problem document) instead of a last frame.
   */
  boolean finish() {
    return out.finish();
  }

  /** The failure that showed the client has gone, or null. */
  IOException gone() {
    return out.gone();
  }

  private void send(StreamFrame frame, boolean last) {
    byte[] json;
    try {
      json = Json.lenient().writeValueAsBytes(frame);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] line = new byte[json.length + 1];
    System.arraycopy(json, 0, line, 0, json.length);
    line[json.length] = '\n';
    out.send(line, last);
  }
}
