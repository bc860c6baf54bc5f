package io.berth.coord;

import io.berth.spec.CoordSpec;
import io.berth.store.Database;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store in the agent's SQLite database. One write lock orders every change: a change runs in a
 * transaction that takes the next revision, and its events go to the live watches before the lock
 * is released, so every watch sees the revisions in order. A lease sweeper (a virtual thread)
 * expires leases at their deadlines; leases whose deadline passed while the agent was down are
 * expired when the store opens.
 *
 * <p>The store belongs to one process: another process writing the same database would not wake
 * this one's watches.
 */
final class EmbeddedStore implements KeyValueStore {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedStore.class);
  private static final long MAX_SWEEP_WAIT_MILLIS = 1000;

  private final Database database;
  private final CoordSpec.Embedded spec;
  private final InstantSource clock;
  private final String name;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final Condition leasesChanged = writeLock.newCondition();
  private final List<EmbeddedWatch> watches = new CopyOnWriteArrayList<>();

  /** Leases by id. Guarded by writeLock. */
  private final Map<Long, LeaseTable.Row> leases = new HashMap<>();

  /** The last committed revision. Guarded by writeLock. */
  private long revision;

  private long compactRevision;
  private long historyBytes;
  private boolean closed;
  private Thread sweeper;

  private EmbeddedStore(Database database, CoordSpec.Embedded spec, InstantSource clock) {
    this.database = database;
    this.spec = spec;
    this.clock = clock;
    this.name = "embedded store " + database.file();
  }

  /**
   * Opens the store on {@code database}, which must have been opened with {@link
   * KeyValueStores#SCHEMA}.
   */
  static EmbeddedStore open(Database database, CoordSpec.Embedded spec, InstantSource clock)
      throws CoordException {
    EmbeddedStore store = new EmbeddedStore(database, spec, clock);
    store.load();
    store.expireOverdueLeases();
    store.sweeper = Thread.ofVirtual().name("coord-lease-sweeper").start(store::sweep);
    return store;
  }

  private void load() throws CoordException {
    try {
      database.read(
          c -> {
            if (!MetaTable.exists(c)) {
              throw new IllegalStateException(
                  "the database "
                      + database.file()
                      + " was opened without KeyValueStores.SCHEMA: the embedded store has no"
                      + " tables");
            }
            revision = MetaTable.get(c, MetaTable.REVISION);
            compactRevision = MetaTable.get(c, MetaTable.COMPACT_REVISION);
            historyBytes = HistoryTable.bytes(c);
            for (LeaseTable.Row row : LeaseTable.all(c)) {
              leases.put(row.id(), row);
            }
            return null;
          });
    } catch (IOException e) {
      throw failure("open", e);
    }
  }

  private void expireOverdueLeases() throws CoordException {
    long now = clock.millis();
    List<LeaseTable.Row> overdue =
        leases.values().stream()
            .filter(row -> row.deadlineMillis() <= now)
            .sorted(Comparator.comparingLong(LeaseTable.Row::deadlineMillis))
            .toList();
    for (LeaseTable.Row row : overdue) {
      LOG.info("{}: lease {} expired while the agent was down", name, row.id());
      endLease(row.id());
    }
  }

  // --- reads

  @Override
  public Optional<KeyValue> get(String key) throws CoordException {
    Keys.check("key", key);
    checkOpen();
    try {
      return database.read(c -> KeyTable.get(c, key));
    } catch (IOException e) {
      throw failure("get " + key, e);
    }
  }

  @Override
  public Range range(Keys keys, RangeOptions options) throws CoordException {
    checkOpen();
    try {
      return database.read(
          c -> {
            List<KeyValue> entries = KeyTable.range(c, keys, options);
            long count =
                options.limit() > 0 && entries.size() == options.limit()
                    ? KeyTable.count(c, keys)
                    : entries.size();
            return new Range(
                entries, MetaTable.get(c, MetaTable.REVISION), count, count > entries.size());
          });
    } catch (IOException e) {
      throw failure("range " + keys, e);
    }
  }

  @Override
  public long revision() throws CoordException {
    checkOpen();
    writeLock.lock();
    try {
      return revision;
    } finally {
      writeLock.unlock();
    }
  }

  // --- writes

  @Override
  public KeyValue put(String key, byte[] value, PutOptions options) throws CoordException {
    Keys.check("key", key);
    checkValue(key, value);
    return write(
        "put " + key,
        (c, changes) -> {
          Optional<KeyValue> existing = KeyTable.get(c, key);
          if (options.ifModRevision().isPresent()) {
            check(new Guard(key, options.ifModRevision().getAsLong()), existing, changes);
          }
          if (options.lease() != 0 && !LeaseTable.exists(c, options.lease())) {
            throw new LeaseNotFoundException(name, options.lease());
          }
          KeyValue entry =
              new KeyValue(
                  key,
                  value,
                  existing.map(KeyValue::createRevision).orElse(changes.revision()),
                  changes.revision(),
                  existing.map(kv -> kv.version() + 1).orElse(1L),
                  options.lease());
          KeyTable.upsert(c, entry);
          changes.put(entry);
          return entry;
        });
  }

  @Override
  public long delete(Keys keys, Optional<Guard> guard) throws CoordException {
    return write(
        "delete " + keys,
        (c, changes) -> {
          if (guard.isPresent()) {
            check(guard.get(), KeyTable.get(c, guard.get().key()), changes);
          }
          List<String> deleted = KeyTable.delete(c, keys);
          deleted.forEach(changes::delete);
          return (long) deleted.size();
        });
  }

  private void check(Guard guard, Optional<KeyValue> actual, Changes changes)
      throws CompareFailedException {
    long modRevision = actual.map(KeyValue::modRevision).orElse(0L);
    if (modRevision != guard.modRevision()) {
      throw new CompareFailedException(
          guard.key(), guard.modRevision(), actual, changes.revision() - 1);
    }
  }

  // --- leases

  @Override
  public Lease grantLease(Duration ttl) throws CoordException {
    long seconds = Leases.seconds(ttl);
    LeaseTable.Row row =
        write(
            "grant a lease",
            (c, changes) -> {
              long id;
              do {
                id = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
              } while (LeaseTable.exists(c, id));
              LeaseTable.Row granted =
                  new LeaseTable.Row(id, seconds, clock.millis() + seconds * 1000);
              LeaseTable.insert(c, granted);
              return granted;
            });
    writeLock.lock();
    try {
      leases.put(row.id(), row);
      leasesChanged.signalAll();
    } finally {
      writeLock.unlock();
    }
    return new Lease(row.id(), Duration.ofSeconds(seconds));
  }

  @Override
  public Duration keepAlive(long lease) throws CoordException {
    writeLock.lock();
    try {
      checkOpen();
      LeaseTable.Row row = leases.get(lease);
      if (row == null) {
        throw new LeaseNotFoundException(name, lease);
      }
      long now = clock.millis();
      if (row.deadlineMillis() <= now) {
        // as etcd: a lease past its deadline cannot be renewed, only revoked
        endLease(lease);
        throw new LeaseNotFoundException(name, lease);
      }
      long deadline = now + row.ttlSeconds() * 1000;
      write(
          "keep lease " + lease + " alive",
          (c, changes) -> {
            LeaseTable.setDeadline(c, lease, deadline);
            return null;
          });
      leases.put(lease, new LeaseTable.Row(lease, row.ttlSeconds(), deadline));
      return Duration.ofSeconds(row.ttlSeconds());
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public void revokeLease(long lease) throws CoordException {
    writeLock.lock();
    try {
      checkOpen();
      if (!leases.containsKey(lease)) {
        throw new LeaseNotFoundException(name, lease);
      }
      endLease(lease);
    } finally {
      writeLock.unlock();
    }
  }

  /** Deletes the lease and its keys, in one revision when it had keys. */
  private void endLease(long lease) throws CoordException {
    write(
        "end lease " + lease,
        (c, changes) -> {
          for (String key : KeyTable.ofLease(c, lease)) {
            KeyTable.delete(c, Keys.exact(key));
            changes.delete(key);
          }
          LeaseTable.delete(c, lease);
          return null;
        });
    writeLock.lock();
    try {
      leases.remove(lease);
    } finally {
      writeLock.unlock();
    }
  }

  /** Expires leases at their deadlines until the store closes. */
  private void sweep() {
    writeLock.lock();
    try {
      while (!closed) {
        long now = clock.millis();
        List<Long> due = new ArrayList<>();
        long next = now + MAX_SWEEP_WAIT_MILLIS;
        for (LeaseTable.Row row : leases.values()) {
          if (row.deadlineMillis() <= now) {
            due.add(row.id());
          } else {
            next = Math.min(next, row.deadlineMillis());
          }
        }
        for (long lease : due) {
          try {
            endLease(lease);
            LOG.debug("{}: lease {} expired", name, lease);
          } catch (CoordException e) {
            LOG.warn("{}: lease {} could not be expired: {}", name, lease, e.getMessage());
          }
        }
        if (due.isEmpty()) {
          leasesChanged.await(Math.max(1, next - now), TimeUnit.MILLISECONDS);
        }
      }
    } catch (InterruptedException e) {
      // closing
    } finally {
      writeLock.unlock();
    }
  }

  // --- history and watches

  @Override
  public void compact(long target) throws CoordException {
    writeLock.lock();
    try {
      checkOpen();
      if (target > revision) {
        throw new IllegalArgumentException(
            "cannot compact at revision %d: %s is at revision %d"
                .formatted(target, name, revision));
      }
      if (target <= compactRevision) {
        return;
      }
      write(
          "compact at " + target,
          (c, changes) -> {
            changes.compactTo(target);
            return null;
          });
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public Watch watch(Keys keys, long fromRevision, WatchListener listener) throws CoordException {
    if (fromRevision < 0) {
      throw new IllegalArgumentException("a revision is 0 or more, not " + fromRevision);
    }
    writeLock.lock();
    try {
      checkOpen();
      long start = fromRevision == 0 ? revision + 1 : fromRevision;
      EmbeddedWatch watch = new EmbeddedWatch(this, keys, listener, start, start > revision);
      watches.add(watch);
      watch.start();
      return watch;
    } finally {
      writeLock.unlock();
    }
  }

  /** Events of revisions {@code from}.. read from the history, at most {@code maxRevisions}. */
  record HistoryPage(List<WatchEvent> events, long through) {}

  HistoryPage history(Keys keys, long from, int maxRevisions) throws CoordException {
    try {
      return database.read(
          c -> {
            long compacted = MetaTable.get(c, MetaTable.COMPACT_REVISION);
            if (from < compacted) {
              throw new CompactedException(name, from, compacted);
            }
            long current = MetaTable.get(c, MetaTable.REVISION);
            if (from > current) {
              return new HistoryPage(List.of(), from - 1);
            }
            long through = Math.min(current, from + maxRevisions - 1);
            return new HistoryPage(HistoryTable.read(c, keys, from, through), through);
          });
    } catch (CoordException e) {
      throw e;
    } catch (IOException e) {
      throw failure("read the history of " + keys, e);
    }
  }

  /** Lets a watch that caught up go live, with no commit in between. */
  void tryLive(EmbeddedWatch watch) {
    writeLock.lock();
    try {
      watch.goLiveAt(revision);
    } finally {
      writeLock.unlock();
    }
  }

  void forget(EmbeddedWatch watch) {
    watches.remove(watch);
  }

  // --- the write path

  /** A change inside the store's transaction; it records its events in {@code changes}. */
  @FunctionalInterface
  private interface Mutation<T> {
    T apply(Connection c, Changes changes) throws SQLException, IOException;
  }

  private record Committed<T>(T result, Changes changes, long historyBytes, long compacted) {}

  private <T> T write(String operation, Mutation<T> mutation) throws CoordException {
    writeLock.lock();
    try {
      checkOpen();
      Committed<T> committed =
          database.transaction(
              c -> {
                // the database is the truth: the counter is read in the transaction that bumps it
                long current = MetaTable.get(c, MetaTable.REVISION);
                Changes changes = new Changes(current + 1);
                T result = mutation.apply(c, changes);
                long bytes = historyBytes;
                long compacted = MetaTable.get(c, MetaTable.COMPACT_REVISION);
                long keepFrom = Math.max(compacted, changes.compactTo());
                if (!changes.isEmpty()) {
                  MetaTable.set(c, MetaTable.REVISION, changes.revision());
                  bytes += HistoryTable.append(c, changes);
                  keepFrom = Math.max(keepFrom, changes.revision() - spec.historyRevisions() + 1);
                  if (bytes > spec.historyBytes()) {
                    keepFrom =
                        Math.max(
                            keepFrom,
                            HistoryTable.keepFromForBytes(
                                c, bytes, spec.historyBytes() / 4 * 3, changes.revision()));
                  }
                }
                if (keepFrom > compacted) {
                  bytes -= HistoryTable.deleteBefore(c, keepFrom);
                  MetaTable.set(c, MetaTable.COMPACT_REVISION, keepFrom);
                  compacted = keepFrom;
                }
                return new Committed<>(result, changes, bytes, compacted);
              });
      historyBytes = committed.historyBytes();
      compactRevision = committed.compacted();
      Changes changes = committed.changes();
      if (!changes.isEmpty()) {
        revision = changes.revision();
        List<WatchEvent> events = changes.events();
        for (EmbeddedWatch watch : watches) {
          watch.committed(revision, events);
        }
      }
      return committed.result();
    } catch (CoordException e) {
      throw e;
    } catch (IOException e) {
      throw failure(operation, e);
    } finally {
      writeLock.unlock();
    }
  }

  // --- the rest

  private void checkValue(String key, byte[] value) {
    if (value == null) {
      throw new IllegalArgumentException(key + ": a value cannot be null (use an empty one)");
    }
    if (value.length > MAX_VALUE_BYTES) {
      throw new IllegalArgumentException(
          "%s: a value of %d bytes is larger than %d"
              .formatted(key, value.length, MAX_VALUE_BYTES));
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException(name + " is closed");
    }
  }

  private CoordException failure(String operation, IOException e) {
    return new CoordException(name + ": " + operation + " failed: " + e.getMessage(), e);
  }

  @Override
  public void close() {
    writeLock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      leasesChanged.signalAll();
    } finally {
      writeLock.unlock();
    }
    for (EmbeddedWatch watch : watches) {
      watch.close();
    }
    if (sweeper != null) {
      try {
        sweeper.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
