package io.berth.coord;

/** A running watch. Close it to stop it; its listener is not called after close returns. */
public interface Watch extends AutoCloseable {
  Keys keys();

  /**
   * Stops the watch. When called from outside the listener, returns once the listener is no longer
   * running.
   */
  @Override
  void close();
}
