package io.berth.coord;

import io.etcd.jetcd.common.exception.CompactedException;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A watch on etcd that resumes itself. jetcd re-creates a watch after some errors, but from a
 * revision it tracks loosely (after a creation it jumps to the header's revision, which can skip
 * the events a watch from the past has not yet received), and it gives up for good on others (a
 * member without a leader, a stream that ends). So each jetcd watcher here lives for one
 * connection: on any error but compaction it is closed, the listener hears {@code onDisconnected},
 * and a new one starts from the revision after the last one delivered, with a growing pause, until
 * one is created ({@code onResumed}). Events below that revision are dropped, so none is delivered
 * twice.
 *
 * <p>Every callback is handed to the store's control thread, which alone touches this state: the
 * gRPC threads never wait, and jetcd's locks are never taken while one of ours is held.
 */
final class EtcdWatch implements Watch {
  private static final Duration FIRST_PAUSE = Duration.ofMillis(100);
  private static final Duration MAX_PAUSE = Duration.ofSeconds(2);

  private final io.etcd.jetcd.Watch client;
  private final Namespace namespace;
  private final String where;
  private final Keys keys;
  private final ScheduledExecutorService control;
  private final Delivery delivery;
  private final Runnable onEnd;

  // the state below is touched by the control thread only
  private long next;
  private int generation;
  private io.etcd.jetcd.Watch.Watcher watcher;
  private boolean lost;
  private int failures;
  private boolean ended;

  EtcdWatch(
      io.etcd.jetcd.Watch client,
      Namespace namespace,
      String where,
      Keys keys,
      long from,
      WatchListener listener,
      ScheduledExecutorService control,
      Runnable onEnd) {
    this.client = client;
    this.namespace = namespace;
    this.where = where;
    this.keys = keys;
    this.next = from;
    this.control = control;
    this.onEnd = onEnd;
    this.delivery = new Delivery(keys, listener);
  }

  void start() {
    onControl(this::open);
  }

  @Override
  public Keys keys() {
    return keys;
  }

  private void open() {
    if (ended) {
      return;
    }
    int current = ++generation;
    WatchOption.Builder option =
        WatchOption.builder()
            .withRevision(next)
            .withCreateNotify(true)
            // a member cut off from the others ends the stream instead of going quiet
            .withRequireLeader(true);
    namespace.end(keys).ifPresent(option::withRange);
    AtomicReference<io.etcd.jetcd.Watch.Watcher> self = new AtomicReference<>();
    io.etcd.jetcd.Watch.Listener listener =
        new io.etcd.jetcd.Watch.Listener() {
          @Override
          public void onNext(WatchResponse response) {
            onControl(() -> response(current, response));
          }

          @Override
          public void onError(Throwable error) {
            onControl(() -> failure(current, error));
            // closing here, inside jetcd's callback, keeps jetcd from resuming on its own (its
            // onCompleted then comes second, and is ignored)
            if (!(error instanceof CompactedException)) {
              closeQuietly(self.get());
            }
          }

          @Override
          public void onCompleted() {
            onControl(() -> failure(current, null));
          }
        };
    try {
      watcher = client.watch(namespace.start(keys), option.build(), listener);
      self.set(watcher);
    } catch (RuntimeException e) {
      failure(current, e);
    }
  }

  private void response(int from, WatchResponse response) {
    if (from != generation || ended) {
      return;
    }
    if (response.isCreatedNotify()) {
      failures = 0;
      if (lost) {
        lost = false;
        delivery.resumed();
      }
      return;
    }
    List<WatchEvent> events = new ArrayList<>();
    for (io.etcd.jetcd.watch.WatchEvent event : response.getEvents()) {
      long revision = event.getKeyValue().getModRevision();
      if (revision < next) {
        continue;
      }
      switch (event.getEventType()) {
        case PUT -> events.add(new WatchEvent.Put(namespace.entry(event.getKeyValue(), false)));
        case DELETE ->
            events.add(
                new WatchEvent.Delete(namespace.strip(event.getKeyValue().getKey()), revision));
        default -> {}
      }
    }
    if (!events.isEmpty()) {
      next = events.getLast().revision() + 1;
      delivery.events(events);
    }
  }

  /** A watcher failed ({@code error}) or its stream ended ({@code error} null). */
  private void failure(int from, Throwable error) {
    if (from != generation || ended) {
      return;
    }
    generation++;
    closeQuietly(watcher);
    watcher = null;
    if (error instanceof CompactedException compacted) {
      end(new io.berth.coord.CompactedException(where, next, compacted.getCompactedRevision()));
      return;
    }
    if (!lost) {
      lost = true;
      delivery.disconnected(
          error == null
              ? where + ": the watch stream ended"
              : where + ": " + EtcdErrors.describe(EtcdErrors.unwrap(error)));
    }
    long pause = Math.min(MAX_PAUSE.toMillis(), FIRST_PAUSE.toMillis() << Math.min(failures++, 10));
    try {
      control.schedule(this::open, pause, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // the store is closing
    }
  }

  private void end(CoordException error) {
    ended = true;
    generation++;
    closeQuietly(watcher);
    watcher = null;
    delivery.failed(error);
    onEnd.run();
  }

  private void onControl(Runnable step) {
    try {
      control.execute(step);
    } catch (RejectedExecutionException e) {
      // the store is closing: nothing more to do
    }
  }

  private static void closeQuietly(io.etcd.jetcd.Watch.Watcher watcher) {
    if (watcher != null) {
      try {
        watcher.close();
      } catch (RuntimeException e) {
        // already closed with its client
      }
    }
  }

  @Override
  public void close() {
    try {
      control
          .submit(
              () -> {
                ended = true;
                generation++;
                closeQuietly(watcher);
                watcher = null;
              })
          .get();
    } catch (RejectedExecutionException | ExecutionException e) {
      // the store is closing, and closes the client with every watcher
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    delivery.close();
    onEnd.run();
  }

  @Override
  public String toString() {
    return "EtcdWatch[" + keys + " on " + where + "]";
  }
}
