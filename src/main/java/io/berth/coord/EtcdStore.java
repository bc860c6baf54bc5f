package io.berth.coord;

import io.berth.spec.CoordSpec;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.PutResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.CompactOption;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The store in an etcd cluster, through jetcd. Keys live under the spec's prefix; compare-and-set
 * is an etcd transaction on the key's mod revision, which reads the key back when it fails. Each
 * request is bounded by the spec's timeout.
 */
final class EtcdStore implements KeyValueStore {
  private final Client client;
  private final KV kv;
  private final Namespace namespace;
  private final EtcdErrors errors;
  private final Duration timeout;
  private final String unanswered;
  private final ScheduledExecutorService control;
  private final List<EtcdWatch> watches = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  private EtcdStore(CoordSpec.Etcd spec, Client client) {
    this.client = client;
    this.kv = client.getKVClient();
    this.namespace = new Namespace(spec.prefix());
    this.errors = new EtcdErrors(EtcdClients.describe(spec), spec.username());
    this.timeout = spec.timeout();
    // gRPC waits for a connection until the deadline and then reports only the deadline: a TLS
    // handshake refused (no client certificate, an unknown CA) or an http:// endpoint of a TLS
    // member look the same as members that are down, so the message names every likely cause
    this.unanswered =
        spec.secure()
            ? "is a majority of the members up, and do they trust coord.tls's client certificate"
                + " and coord.tls.caFile theirs?"
            : "is a majority of the members up, and do they serve plain http, not https?";
    this.control =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("coord-etcd-watches").factory());
  }

  static EtcdStore connect(CoordSpec.Etcd spec) throws CoordException {
    return new EtcdStore(spec, EtcdClients.build(spec));
  }

  // --- reads

  @Override
  public Optional<KeyValue> get(String key) throws CoordException {
    Keys.check("key", key);
    GetResponse response = await("get " + key, kv.get(namespace.key(key)));
    return response.getKvs().stream().findFirst().map(e -> namespace.entry(e, false));
  }

  @Override
  public Range range(Keys keys, RangeOptions options) throws CoordException {
    GetOption.Builder option = GetOption.builder().withKeysOnly(options.keysOnly());
    if (options.limit() > 0) {
      option.withLimit(options.limit());
    }
    namespace.end(keys).ifPresent(option::withRange);
    GetResponse response = await("range " + keys, kv.get(namespace.start(keys), option.build()));
    List<KeyValue> entries =
        response.getKvs().stream().map(e -> namespace.entry(e, options.keysOnly())).toList();
    return new Range(
        entries, response.getHeader().getRevision(), response.getCount(), response.isMore());
  }

  @Override
  public long revision() throws CoordException {
    GetResponse response =
        await(
            "read the revision",
            kv.get(namespace.key("/"), GetOption.builder().withCountOnly(true).build()));
    return response.getHeader().getRevision();
  }

  // --- writes

  @Override
  public KeyValue put(String key, byte[] value, PutOptions options) throws CoordException {
    Keys.check("key", key);
    if (value == null) {
      throw new IllegalArgumentException(key + ": a value cannot be null (use an empty one)");
    }
    if (value.length > MAX_VALUE_BYTES) {
      throw new IllegalArgumentException(
          "%s: a value of %d bytes is larger than %d"
              .formatted(key, value.length, MAX_VALUE_BYTES));
    }
    ByteSequence etcdKey = namespace.key(key);
    ByteSequence etcdValue = ByteSequence.from(value);
    PutOption option = PutOption.builder().withLeaseId(options.lease()).withPrevKV().build();
    String operation = "put " + key;
    PutResponse put;
    try {
      if (options.ifModRevision().isEmpty()) {
        put = await(operation, kv.put(etcdKey, etcdValue, option));
      } else {
        long expected = options.ifModRevision().getAsLong();
        TxnResponse txn =
            await(
                operation,
                kv.txn()
                    .If(new Cmp(etcdKey, Cmp.Op.EQUAL, CmpTarget.modRevision(expected)))
                    .Then(Op.put(etcdKey, etcdValue, option))
                    .Else(Op.get(etcdKey, GetOption.DEFAULT))
                    .commit());
        if (!txn.isSucceeded()) {
          throw compareFailed(key, expected, txn);
        }
        put = txn.getPutResponses().getFirst();
      }
    } catch (CoordException e) {
      throw leaseNotFound(e, options.lease());
    }
    long revision = put.getHeader().getRevision();
    Optional<io.etcd.jetcd.KeyValue> previous =
        put.hasPrevKv() ? Optional.of(put.getPrevKv()) : Optional.empty();
    return new KeyValue(
        key,
        value,
        previous.map(io.etcd.jetcd.KeyValue::getCreateRevision).orElse(revision),
        revision,
        previous.map(p -> p.getVersion() + 1).orElse(1L),
        options.lease());
  }

  @Override
  public long delete(Keys keys, Optional<Guard> guard) throws CoordException {
    DeleteOption.Builder option = DeleteOption.builder();
    namespace.end(keys).ifPresent(option::withRange);
    ByteSequence start = namespace.start(keys);
    String operation = "delete " + keys;
    if (guard.isEmpty()) {
      return await(operation, kv.delete(start, option.build())).getDeleted();
    }
    ByteSequence guardKey = namespace.key(guard.get().key());
    TxnResponse txn =
        await(
            operation,
            kv.txn()
                .If(
                    new Cmp(
                        guardKey, Cmp.Op.EQUAL, CmpTarget.modRevision(guard.get().modRevision())))
                .Then(Op.delete(start, option.build()))
                .Else(Op.get(guardKey, GetOption.DEFAULT))
                .commit());
    if (!txn.isSucceeded()) {
      throw compareFailed(guard.get().key(), guard.get().modRevision(), txn);
    }
    return txn.getDeleteResponses().getFirst().getDeleted();
  }

  private CompareFailedException compareFailed(String key, long expected, TxnResponse txn) {
    Optional<KeyValue> actual =
        txn.getGetResponses().getFirst().getKvs().stream()
            .findFirst()
            .map(e -> namespace.entry(e, false));
    return new CompareFailedException(key, expected, actual, txn.getHeader().getRevision());
  }

  // --- leases

  @Override
  public Lease grantLease(Duration ttl) throws CoordException {
    long seconds = Leases.seconds(ttl);
    var granted = await("grant a lease", client.getLeaseClient().grant(seconds));
    return new Lease(granted.getID(), Duration.ofSeconds(granted.getTTL()));
  }

  @Override
  public Duration keepAlive(long lease) throws CoordException {
    try {
      var response =
          await("keep lease " + lease + " alive", client.getLeaseClient().keepAliveOnce(lease));
      return Duration.ofSeconds(response.getTTL());
    } catch (CoordException e) {
      throw leaseNotFound(e, lease);
    }
  }

  @Override
  public void revokeLease(long lease) throws CoordException {
    try {
      await("revoke lease " + lease, client.getLeaseClient().revoke(lease));
    } catch (CoordException e) {
      throw leaseNotFound(e, lease);
    }
  }

  // --- history and watches

  @Override
  public void compact(long revision) throws CoordException {
    try {
      await(
          "compact at " + revision,
          kv.compact(revision, CompactOption.builder().withCompactPhysical(true).build()));
    } catch (CoordException e) {
      if (EtcdErrors.isFutureRevision(e.getCause())) {
        throw new IllegalArgumentException(
            "cannot compact at revision %d: %s is not there yet"
                .formatted(revision, errors.where()),
            e);
      }
      if (!EtcdErrors.isCompacted(e.getCause())) {
        throw e;
      }
      // already compacted at or after it: nothing to do
    }
  }

  @Override
  public Watch watch(Keys keys, long fromRevision, WatchListener listener) throws CoordException {
    if (fromRevision < 0) {
      throw new IllegalArgumentException("a revision is 0 or more, not " + fromRevision);
    }
    checkOpen();
    long start = fromRevision == 0 ? revision() + 1 : fromRevision;
    EtcdWatch[] self = new EtcdWatch[1];
    EtcdWatch watch =
        new EtcdWatch(
            client.getWatchClient(),
            namespace,
            errors.where(),
            keys,
            start,
            listener,
            control,
            () -> watches.remove(self[0]));
    self[0] = watch;
    watches.add(watch);
    watch.start();
    return watch;
  }

  // --- requests

  /** {@code e}, or a {@link LeaseNotFoundException} when etcd said the lease was not found. */
  private CoordException leaseNotFound(CoordException e, long lease) {
    if (e instanceof CompareFailedException || e.getCause() == null) {
      return e;
    }
    return EtcdErrors.isLeaseNotFound(e.getCause())
        ? new LeaseNotFoundException(errors.where(), lease)
        : e;
  }

  private <T> T await(String operation, CompletableFuture<T> request) throws CoordException {
    checkOpen();
    try {
      return request.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      request.cancel(true);
      throw new CoordUnavailableException(
          "%s: %s: no answer within %s (%s)"
              .formatted(errors.where(), operation, timeout, unanswered),
          e);
    } catch (ExecutionException e) {
      throw errors.map(operation, EtcdErrors.unwrap(e));
    } catch (InterruptedException e) {
      request.cancel(true);
      Thread.currentThread().interrupt();
      throw new CoordException(errors.where() + ": " + operation + ": interrupted", e);
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException(errors.where() + ": the store is closed");
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    for (EtcdWatch watch : watches) {
      watch.close();
    }
    closed = true;
    control.shutdownNow();
    try {
      control.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    client.close();
  }

  @Override
  public String toString() {
    return errors.where();
  }
}
