package io.berth.api;

/**
 * One change a watch of the configuration store sees; secret values are hidden.
 *
 * @param type {@code changed} or {@code deleted}
 * @param path the key
 * @param revision the revision of the change
 * @param entry the key as written; null for a deletion
 */
public record KvEvent(String type, String path, long revision, KvEntry entry) {
  public static final String CHANGED = "changed";
  public static final String DELETED = "deleted";
}
