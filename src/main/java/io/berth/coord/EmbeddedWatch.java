package io.berth.coord;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A watch on the embedded store, fed two ways. Live, it gets each commit's events from the store as
 * they commit and queues them. Behind (it started in the past, or its listener was so slow that its
 * queue overflowed), it reads the history from where it is, a page at a time, and goes live again
 * once it has read up to the store's revision: the store checks that under its write lock, so no
 * commit falls between the two.
 */
final class EmbeddedWatch implements Watch {
  /** Batches queued before a slow watch drops its queue and reads the history instead. */
  static final int MAX_QUEUED = 1024;

  /** Revisions read from the history at once. */
  static final int PAGE_REVISIONS = 256;

  private final EmbeddedStore store;
  private final Keys keys;
  private final WatchListener listener;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayDeque<List<WatchEvent>> queue = new ArrayDeque<>();
  private final Thread thread;

  /** The first revision not yet handed to the listener nor queued. Guarded by lock. */
  private long next;

  /** True while commits are queued; false while the history is read. Guarded by lock. */
  private boolean live;

  private boolean closed;

  EmbeddedWatch(EmbeddedStore store, Keys keys, WatchListener listener, long next, boolean live) {
    this.store = store;
    this.keys = keys;
    this.listener = listener;
    this.next = next;
    this.live = live;
    this.thread = Thread.ofVirtual().name("coord-watch " + keys).unstarted(this::run);
  }

  void start() {
    thread.start();
  }

  @Override
  public Keys keys() {
    return keys;
  }

  /** A commit, handed over by the store under its write lock, in revision order. */
  void committed(long revision, List<WatchEvent> events) {
    lock.lock();
    try {
      if (closed || !live || revision < next) {
        return;
      }
      next = revision + 1;
      List<WatchEvent> mine = events.stream().filter(e -> keys.contains(e.key())).toList();
      if (mine.isEmpty()) {
        return;
      }
      if (queue.size() >= MAX_QUEUED) {
        // too slow to keep up in memory: drop the queue and read it all back from the history
        live = false;
        next = queue.peekFirst().getFirst().revision();
        queue.clear();
      } else {
        queue.add(mine);
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Goes live if the history has been read up to {@code storeRevision}; the store calls it under
   * its write lock.
   */
  boolean goLiveAt(long storeRevision) {
    lock.lock();
    try {
      if (next > storeRevision) {
        live = true;
      }
      return live;
    } finally {
      lock.unlock();
    }
  }

  private void run() {
    try {
      while (true) {
        List<WatchEvent> batch;
        long from;
        lock.lock();
        try {
          while (!closed && live && queue.isEmpty()) {
            changed.await();
          }
          if (closed) {
            return;
          }
          batch = live ? queue.poll() : null;
          from = next;
        } finally {
          lock.unlock();
        }
        if (batch != null) {
          Listeners.events(listener, keys, batch);
        } else {
          catchUp(from);
        }
      }
    } catch (CoordException e) {
      if (end()) {
        Listeners.failed(listener, keys, e);
      }
    } catch (InterruptedException e) {
      // closed
    }
  }

  /** Reads one page of history from {@code from}, delivers it, and goes live if it can. */
  private void catchUp(long from) throws CoordException {
    EmbeddedStore.HistoryPage page = store.history(keys, from, PAGE_REVISIONS);
    if (!page.events().isEmpty() && isOpen()) {
      Listeners.events(listener, keys, page.events());
    }
    lock.lock();
    try {
      next = Math.max(next, page.through() + 1);
    } finally {
      lock.unlock();
    }
    store.tryLive(this);
  }

  private boolean isOpen() {
    lock.lock();
    try {
      return !closed;
    } finally {
      lock.unlock();
    }
  }

  /** Marks the watch closed; true for the caller that closed it. */
  private boolean end() {
    lock.lock();
    try {
      if (closed) {
        return false;
      }
      closed = true;
      queue.clear();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    store.forget(this);
    return true;
  }

  @Override
  public void close() {
    end();
    if (Thread.currentThread() != thread) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public String toString() {
    return "EmbeddedWatch[" + keys + "]";
  }
}
