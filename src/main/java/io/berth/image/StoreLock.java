package io.berth.image;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Pulls run side by side (shared); garbage collection runs alone (exclusive), so it never deletes a
 * blob or snapshot a pull has written but not yet recorded. Works across processes with an fcntl
 * lock on {@code <root>/images.lock}, and across threads with a read-write lock, since fcntl locks
 * belong to the process and cannot tell threads apart.
 */
final class StoreLock {
  private final ReentrantReadWriteLock threads = new ReentrantReadWriteLock();
  private final FileChannel channel;
  private FileLock sharedFileLock;
  private int sharedHolders;

  StoreLock(Path file) throws IOException {
    this.channel =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
  }

  Held shared() throws IOException {
    threads.readLock().lock();
    try {
      synchronized (this) {
        if (sharedHolders++ == 0) {
          sharedFileLock = poll(true);
        }
      }
    } catch (IOException | RuntimeException e) {
      synchronized (this) {
        sharedHolders--;
      }
      threads.readLock().unlock();
      throw e;
    }
    return () -> {
      synchronized (this) {
        if (--sharedHolders == 0) {
          sharedFileLock.release();
          sharedFileLock = null;
        }
      }
      threads.readLock().unlock();
    };
  }

  Held exclusive() throws IOException {
    threads.writeLock().lock();
    FileLock lock;
    try {
      lock = poll(false);
    } catch (IOException | RuntimeException e) {
      threads.writeLock().unlock();
      throw e;
    }
    return () -> {
      try {
        lock.release();
      } finally {
        threads.writeLock().unlock();
      }
    };
  }

  /** Polls: a blocking fcntl lock would pin a virtual thread's carrier. */
  private FileLock poll(boolean shared) throws IOException {
    long backoff = 5;
    while (true) {
      FileLock lock = channel.tryLock(0, Long.MAX_VALUE, shared);
      if (lock != null) {
        return lock;
      }
      try {
        Thread.sleep(backoff);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for the image store's lock", e);
      }
      backoff = Math.min(backoff * 2, 200);
    }
  }

  /** A held lock; closing releases it. */
  @FunctionalInterface
  interface Held extends AutoCloseable {
    @Override
    void close() throws IOException;
  }
}
