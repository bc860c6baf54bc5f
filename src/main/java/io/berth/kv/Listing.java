package io.berth.kv;

import java.util.List;

/**
 * What a directory holds, one level deep.
 *
 * @param directory the directory listed
 * @param revision the store's revision when it was read
 * @param keys its keys, by name (secrets hidden)
 * @param directories its subdirectories, by name (each holds at least one key somewhere below)
 */
public record Listing(
    ConfigPath directory, long revision, List<ConfigEntry> keys, List<ConfigPath> directories) {
  public Listing {
    keys = List.copyOf(keys);
    directories = List.copyOf(directories);
  }
}
