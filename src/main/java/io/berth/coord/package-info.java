/**
 * Revisioned keys with etcd's semantics, for service discovery and the configuration store: a
 * {@link io.berth.coord.KeyValueStore} kept in the agent's SQLite database (embedded) or in an etcd
 * cluster. Keys are paths; every change gets the next revision of the store; writes can be
 * compare-and-set; leases expire keys; watches deliver changes from a revision on, in order. jetcd
 * and gRPC stay inside this package: nothing of theirs appears in its interface.
 *
 * <p>May depend on: {@code store}, {@code spec}.
 */
package io.berth.coord;
