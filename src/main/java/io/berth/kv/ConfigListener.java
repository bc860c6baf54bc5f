package io.berth.kv;

import java.util.List;

/**
 * Receives what a watch sees, one call at a time, in revision order, from the watch's own thread.
 */
public interface ConfigListener {
  /** Changes in revision order; the events of one revision come together. */
  void onEvents(List<ConfigEvent> events);

  /**
   * The watch ended: the revision it started from is no longer kept (read again and watch from the
   * read's revision + 1), or the store failed.
   */
  void onFailed(ConfigException error);
}
