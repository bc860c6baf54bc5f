package io.berth.coord;

import java.util.List;

/**
 * What a range read found.
 *
 * @param entries the keys, sorted by their UTF-8 bytes, at most the limit asked for
 * @param revision the store's revision when it was read: watch from {@code revision + 1} to see
 *     every change after this read
 * @param count how many keys matched, the limit aside
 * @param more true when the limit left some out
 */
public record Range(List<KeyValue> entries, long revision, long count, boolean more) {
  public Range {
    entries = List.copyOf(entries);
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }
}
