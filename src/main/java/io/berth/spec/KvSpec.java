package io.berth.spec;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The agent's configuration store ({@code kv:} in the config): which revisioned store holds it, and
 * the file with the key that encrypts its secrets.
 *
 * @param store the embedded SQLite store (the default) or an etcd cluster
 * @param secretKeyFile the secret key file; null for {@code <root>/kv/secret.key}, made on first
 *     use for the embedded store, and required to exist for etcd (every host shares one key)
 */
public record KvSpec(CoordSpec store, Path secretKeyFile) {
  public static final KvSpec DEFAULT = new KvSpec(CoordSpec.embedded(), null);

  public KvSpec {
    Objects.requireNonNull(store, "store");
  }
}
