package io.berth.api.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Response;

/**
 * The writing half of a long response (an NDJSON stream, server-sent events): writes under one
 * lock, and a heartbeat thread that writes the keep-alive whenever the response was silent for a
 * period. The head (status and headers) goes out with the first write, whichever it is. A write
 * that fails shows the client has gone: the worker is interrupted (a watch waiting for the next
 * item wakes up) and every later send throws {@link ClientGoneException}.
 */
final class KeptAlive {
  private final Response response;
  private final String contentType;
  private final byte[] keepAlive;
  private final Thread worker;
  private final long heartbeatNanos;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition finishedSignal = lock.newCondition();
  private Thread heartbeat;
  private boolean committed;
  private boolean finished;
  private long lastWrite = System.nanoTime();
  private IOException gone;

  /**
   * @param contentType the response's media type; it goes out with status 200 at the first write
   * @param keepAlive what the heartbeat writes, something the client skips
   */
  KeptAlive(Response response, Duration heartbeat, String contentType, byte[] keepAlive) {
    this.response = response;
    this.contentType = contentType;
    this.keepAlive = keepAlive.clone();
    this.worker = Thread.currentThread();
    this.heartbeatNanos = heartbeat.toNanos();
  }

  /** Starts the heartbeat. */
  void start(String name) {
    heartbeat = Thread.ofVirtual().name(name).start(this::beat);
  }

  /** Writes {@code bytes}; {@code last} ends the response. */
  void send(byte[] bytes, boolean last) {
    lock.lock();
    try {
      if (gone != null) {
        throw new ClientGoneException(gone);
      }
      write(bytes, last);
    } catch (IOException e) {
      gone = e;
      throw new ClientGoneException(e);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Stops the heartbeat and waits for it. Returns whether the head went out: if not, the caller may
   * still answer with a plain response (a problem document).
   */
  boolean finish() {
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
    lock.lock();
    try {
      return committed;
    } finally {
      lock.unlock();
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

  // Called with the lock held.
  private void write(byte[] bytes, boolean last) throws IOException {
    if (!committed) {
      response.setStatus(200);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
      response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
      committed = true;
    }
    Content.Sink.write(response, last, ByteBuffer.wrap(bytes));
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
          write(keepAlive, false);
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
}
