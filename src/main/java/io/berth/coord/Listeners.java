package io.berth.coord;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls a watch's listener so that a listener that throws is logged and kept: one bad callback must
 * not end the watch, nor kill the thread that feeds it.
 */
final class Listeners {
  private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);

  private Listeners() {}

  static void events(WatchListener listener, Keys keys, List<WatchEvent> events) {
    try {
      listener.onEvents(events);
    } catch (RuntimeException e) {
      LOG.warn("watch {}: the listener failed on {} events: {}", keys, events.size(), e.toString());
    }
  }

  static void disconnected(WatchListener listener, Keys keys, String reason) {
    try {
      listener.onDisconnected(reason);
    } catch (RuntimeException e) {
      LOG.warn("watch {}: the listener failed on a disconnection: {}", keys, e.toString());
    }
  }

  static void resumed(WatchListener listener, Keys keys) {
    try {
      listener.onResumed();
    } catch (RuntimeException e) {
      LOG.warn("watch {}: the listener failed on a resumption: {}", keys, e.toString());
    }
  }

  static void failed(WatchListener listener, Keys keys, CoordException error) {
    try {
      listener.onFailed(error);
    } catch (RuntimeException e) {
      LOG.warn("watch {}: the listener failed on its end ({}): {}", keys, error, e.toString());
    }
  }
}
