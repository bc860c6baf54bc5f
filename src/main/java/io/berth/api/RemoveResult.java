package io.berth.api;

import java.util.List;

/**
 * What a removal did.
 *
 * @param untagged references removed
 * @param deleted images removed (manifest digests)
 */
public record RemoveResult(List<String> untagged, List<String> deleted) {
  public RemoveResult {
    untagged = List.copyOf(untagged);
    deleted = List.copyOf(deleted);
  }
}
