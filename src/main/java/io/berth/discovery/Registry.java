package io.berth.discovery;

import io.berth.coord.CoordException;
import io.berth.coord.KeyValueStore;
import io.berth.coord.Watch;
import java.time.Duration;
import java.util.List;

/**
 * The registered instances of services, in a {@link KeyValueStore}: each under {@code
 * /services/NAME/ID} as JSON, so the same code runs on the embedded store and on etcd (where the
 * store's prefix, {@code /berth} by default, comes first). What one registry writes lives on one
 * lease of its own: kept alive by {@link #keepAlive()}, revoked by {@link #close()}, and gone after
 * its TTL when the process that kept it dies.
 */
public interface Registry extends AutoCloseable {
  /** Where registrations live in the store. */
  String ROOT = "/services/";

  /**
   * A registry over {@code store} whose registrations live {@code ttl} (whole seconds) unless kept
   * alive. The store stays the caller's to close.
   */
  static Registry over(KeyValueStore store, Duration ttl) {
    return new StoreRegistry(store, ttl);
  }

  /** Writes (or rewrites) {@code registration} on this registry's lease. */
  void register(Registration registration) throws CoordException;

  /** Removes an instance; false when it was not registered. */
  boolean deregister(String service, String id) throws CoordException;

  /** Every registered instance, by service then id. */
  List<Registration> list() throws CoordException;

  /** The registered instances of {@code service}, by id. */
  List<Registration> list(String service) throws CoordException;

  /**
   * Watches the instances of {@code service} (null: of every service) from now on. Close the watch
   * to stop it.
   */
  Watch watch(String service, RegistryListener listener) throws CoordException;

  /**
   * Renews the lease. When it was lost (it expired, say while the store was unreachable), a new one
   * is granted and what this registry registered is written again.
   */
  void keepAlive() throws CoordException;

  /** Revokes the lease: this registry's registrations disappear now. */
  @Override
  void close();
}
