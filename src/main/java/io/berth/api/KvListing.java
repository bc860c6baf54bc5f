package io.berth.api;

import java.util.List;

/**
 * A directory of the configuration store, one level deep.
 *
 * @param directory the directory listed
 * @param revision the store's revision when it was read
 * @param keys its keys (secrets hidden)
 * @param directories its subdirectories' paths (each ends with '/')
 */
public record KvListing(
    String directory, long revision, List<KvEntry> keys, List<String> directories) {
  public KvListing {
    keys = keys == null ? List.of() : List.copyOf(keys);
    directories = directories == null ? List.of() : List.copyOf(directories);
  }
}
