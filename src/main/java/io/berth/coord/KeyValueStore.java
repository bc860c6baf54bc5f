package io.berth.coord;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * Revisioned keys with etcd's semantics. Every change moves the store to its next revision; a
 * change that changes nothing (deleting what is absent) makes no revision. Each key records the
 * revision that created it, the revision that last changed it and how many times it was written.
 * Writes can be compare-and-set on a modRevision; keys can live on a lease; watches deliver the
 * changes from a revision on, in order, and report when that revision is no longer kept.
 *
 * <p>Thread-safe. Values are opaque bytes (JSON for the configuration store); keys are paths (see
 * {@link Keys}). Closing the store closes its watches.
 */
public interface KeyValueStore extends AutoCloseable {
  /** The largest value, in bytes (etcd refuses requests over 1.5 MiB by default). */
  int MAX_VALUE_BYTES = 1 << 20;

  /** The key, if it exists. */
  Optional<KeyValue> get(String key) throws CoordException;

  /** The keys {@code keys} covers, sorted by their UTF-8 bytes, with the revision read at. */
  Range range(Keys keys, RangeOptions options) throws CoordException;

  /** Every key that starts with {@code prefix}, values included. */
  default Range range(String prefix) throws CoordException {
    return range(Keys.prefix(prefix), RangeOptions.ALL);
  }

  /**
   * Writes a key and returns it as stored (its modRevision is the new revision).
   *
   * @throws CompareFailedException the options' modRevision did not match; nothing was written
   * @throws LeaseNotFoundException the options' lease does not exist
   */
  KeyValue put(String key, byte[] value, PutOptions options) throws CoordException;

  default KeyValue put(String key, byte[] value) throws CoordException {
    return put(key, value, PutOptions.NONE);
  }

  /** Writes {@code value} as UTF-8. */
  default KeyValue put(String key, String value, PutOptions options) throws CoordException {
    return put(key, value.getBytes(StandardCharsets.UTF_8), options);
  }

  default KeyValue put(String key, String value) throws CoordException {
    return put(key, value, PutOptions.NONE);
  }

  /**
   * Deletes the keys {@code keys} covers, if {@code guard} (when given) holds, in one revision.
   *
   * @return how many keys were deleted; 0 made no revision
   * @throws CompareFailedException the guard did not hold; nothing was deleted
   */
  long delete(Keys keys, Optional<Guard> guard) throws CoordException;

  /** Deletes one key; false when it did not exist. */
  default boolean delete(String key) throws CoordException {
    return delete(Keys.exact(key), Optional.empty()) > 0;
  }

  /**
   * Deletes one key if its modRevision is {@code ifModRevision}.
   *
   * @throws CompareFailedException it is not (0 expects the key to be absent, which makes the
   *     deletion a no-op that returns false)
   */
  default boolean delete(String key, long ifModRevision) throws CoordException {
    return delete(Keys.exact(key), Optional.of(Guard.modRevision(key, ifModRevision))) > 0;
  }

  /** Deletes every key that starts with {@code prefix}; returns how many. */
  default long deletePrefix(String prefix) throws CoordException {
    return delete(Keys.prefix(prefix), Optional.empty());
  }

  /** Deletes every key that starts with {@code prefix} if {@code guard} holds. */
  default long deletePrefix(String prefix, Guard guard) throws CoordException {
    return delete(Keys.prefix(prefix), Optional.of(guard));
  }

  /** The store's current revision. */
  long revision() throws CoordException;

  /**
   * A new lease that lives {@code ttl} (rounded up to whole seconds, at least one) unless kept
   * alive.
   */
  Lease grantLease(Duration ttl) throws CoordException;

  /**
   * Renews a lease for its full TTL, once; returns that TTL. Call it again before it runs out.
   *
   * @throws LeaseNotFoundException it expired or was revoked: its keys are gone
   */
  Duration keepAlive(long lease) throws CoordException;

  /**
   * Ends a lease now; its keys are deleted (in one revision) and watchers see the deletions.
   *
   * @throws LeaseNotFoundException it had already ended
   */
  void revokeLease(long lease) throws CoordException;

  /**
   * Forgets the history before {@code revision}: watches can no longer start before it. Compacting
   * at or below what is already compacted does nothing.
   *
   * @throws IllegalArgumentException {@code revision} is beyond the current revision
   */
  void compact(long revision) throws CoordException;

  /**
   * Watches the keys {@code keys} covers: the listener gets every change at {@code fromRevision}
   * and after, in revision order; 0 means after the current revision. A revision already compacted
   * ends the watch at once with a {@link CompactedException} (through {@link
   * WatchListener#onFailed}).
   */
  Watch watch(Keys keys, long fromRevision, WatchListener listener) throws CoordException;

  /** Closes the store and its watches; leases stay granted (they expire unless kept alive). */
  @Override
  void close();
}
