package io.berth.coord;

import io.berth.spec.CoordSpec;
import io.berth.store.Database;
import io.berth.store.Schema;
import java.time.InstantSource;

/** Opens a {@link KeyValueStore} as a {@link CoordSpec} describes it. */
public final class KeyValueStores {
  /** The embedded store's tables: open the agent's database with it. */
  public static final Schema SCHEMA = EmbeddedSchema.SCHEMA;

  private KeyValueStores() {}

  /**
   * Opens the store {@code spec} names: the embedded one in {@code database} (opened with {@link
   * #SCHEMA}), or a client of the etcd cluster (the database is not used).
   */
  public static KeyValueStore open(CoordSpec spec, Database database) throws CoordException {
    return switch (spec) {
      case CoordSpec.Embedded embedded -> embedded(database, embedded);
      case CoordSpec.Etcd etcd -> etcd(etcd);
    };
  }

  /** The embedded store in {@code database}, which must have been opened with {@link #SCHEMA}. */
  public static KeyValueStore embedded(Database database, CoordSpec.Embedded spec)
      throws CoordException {
    return EmbeddedStore.open(database, spec, InstantSource.system());
  }

  /**
   * A client of an etcd cluster. It connects lazily: an unreachable cluster shows up as a {@link
   * CoordUnavailableException} on the first operation, not here; a missing TLS or password file
   * shows up here.
   */
  public static KeyValueStore etcd(CoordSpec.Etcd spec) throws CoordException {
    return EtcdStore.connect(spec);
  }
}
