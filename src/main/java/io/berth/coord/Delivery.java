package io.berth.coord;

import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Calls one watch's listener from a virtual thread of its own, in the order signals arrive, so that
 * the threads that receive them (gRPC's) never wait for a listener. A failure is the last signal
 * delivered.
 */
final class Delivery {
  private sealed interface Signal {}

  private record Events(List<WatchEvent> events) implements Signal {}

  private record Disconnected(String reason) implements Signal {}

  private record Resumed() implements Signal {}

  private record Failed(CoordException error) implements Signal {}

  private record Stop() implements Signal {}

  private final Keys keys;
  private final WatchListener listener;
  private final LinkedBlockingQueue<Signal> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean closed;

  Delivery(Keys keys, WatchListener listener) {
    this.keys = keys;
    this.listener = listener;
    this.thread = Thread.ofVirtual().name("coord-watch " + keys).start(this::run);
  }

  void events(List<WatchEvent> events) {
    queue.add(new Events(events));
  }

  void disconnected(String reason) {
    queue.add(new Disconnected(reason));
  }

  void resumed() {
    queue.add(new Resumed());
  }

  void failed(CoordException error) {
    queue.add(new Failed(error));
  }

  private void run() {
    try {
      while (!closed) {
        Signal signal = queue.take();
        if (closed) {
          return;
        }
        switch (signal) {
          case Events(List<WatchEvent> events) -> Listeners.events(listener, keys, events);
          case Disconnected(String reason) -> Listeners.disconnected(listener, keys, reason);
          case Resumed() -> Listeners.resumed(listener, keys);
          case Failed(CoordException error) -> {
            Listeners.failed(listener, keys, error);
            return;
          }
          case Stop() -> {
            return;
          }
        }
      }
    } catch (InterruptedException e) {
      // closed
    }
  }

  /** Stops calling the listener; waits for a call in progress unless called from the listener. */
  void close() {
    closed = true;
    queue.clear();
    queue.add(new Stop());
    if (Thread.currentThread() != thread) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
