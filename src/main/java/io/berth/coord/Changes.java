package io.berth.coord;

import java.util.ArrayList;
import java.util.List;

/** The events of one revision of the embedded store, collected while its transaction runs. */
final class Changes {
  private final long revision;
  private final List<WatchEvent> events = new ArrayList<>();
  private long compactTo;

  Changes(long revision) {
    this.revision = revision;
  }

  long revision() {
    return revision;
  }

  void put(KeyValue entry) {
    events.add(new WatchEvent.Put(entry));
  }

  void delete(String key) {
    events.add(new WatchEvent.Delete(key, revision));
  }

  /** Asks the write to compact the history before {@code revision} as well. */
  void compactTo(long revision) {
    compactTo = Math.max(compactTo, revision);
  }

  long compactTo() {
    return compactTo;
  }

  boolean isEmpty() {
    return events.isEmpty();
  }

  List<WatchEvent> events() {
    return List.copyOf(events);
  }
}
