package io.berth.kv;

import io.berth.coord.KeyValueStore;

/** Opens a {@link ConfigStore} on a revisioned store, embedded or etcd. */
public final class ConfigStores {
  /** Where configuration keys live in the revisioned store: {@code /kv/org/app/db/port}. */
  public static final String DEFAULT_NAMESPACE = "/kv";

  private ConfigStores() {}

  /**
   * The configuration store in {@code store} under {@link #DEFAULT_NAMESPACE}, its secrets
   * encrypted with the key in {@code keyFile}. The caller keeps owning {@code store}.
   */
  public static ConfigStore open(KeyValueStore store, SecretKeyFile keyFile) {
    return open(store, DEFAULT_NAMESPACE, keyFile);
  }

  /** As {@link #open(KeyValueStore, SecretKeyFile)}, under another namespace ({@code /a/b}). */
  public static ConfigStore open(KeyValueStore store, String namespace, SecretKeyFile keyFile) {
    if (namespace == null || !namespace.matches("(/[^/]+)+")) {
      throw new IllegalArgumentException(
          "a configuration namespace is a path such as /kv (no trailing slash), not '%s'"
              .formatted(namespace));
    }
    return new RevisionedConfigStore(store, namespace, keyFile);
  }
}
