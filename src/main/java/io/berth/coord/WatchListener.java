package io.berth.coord;

import java.util.List;

/**
 * Receives what a watch sees. Calls come from a thread of the watch's own, one at a time and in
 * order, never from the thread that made the change or opened the watch. A listener must not block
 * for long: the next events wait for it.
 */
public interface WatchListener {
  /**
   * Changes, in revision order: every event of each revision it includes (a prefix deletion or an
   * expired lease deletes many keys at one revision). No revision is delivered twice.
   */
  void onEvents(List<WatchEvent> events);

  /**
   * The connection to the store was lost; events wait until {@link #onResumed()}, and then continue
   * where they stopped. The embedded store never calls this.
   */
  default void onDisconnected(String reason) {}

  /** The watch is connected again; the events missed meanwhile follow. */
  default void onResumed() {}

  /**
   * The watch ended and delivers nothing more. A {@link CompactedException} means the revision to
   * start (or resume) from is no longer kept: read again, then watch from the read's revision + 1.
   */
  void onFailed(CoordException error);
}
