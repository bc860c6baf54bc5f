package io.berth.image.content;

import io.berth.spec.Digest;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * One writer per digest, across threads and processes: a semaphore per digest inside this JVM (file
 * locks are held per process, so they cannot tell two threads apart), then an fcntl lock on {@code
 * ingest/<hex>.lock} against other processes (a CLI pulling beside the agent).
 */
final class DigestLocks {
  private final Path directory;
  private final ConcurrentHashMap<Digest, Semaphore> inProcess = new ConcurrentHashMap<>();

  DigestLocks(Path directory) {
    this.directory = directory;
  }

  Held acquire(Digest digest) throws IOException {
    Semaphore semaphore = inProcess.computeIfAbsent(digest, d -> new Semaphore(1));
    try {
      semaphore.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for blob " + digest, e);
    }
    FileChannel channel = null;
    try {
      channel =
          FileChannel.open(
              directory.resolve(digest.hex() + ".lock"),
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE);
      FileLock lock = waitForLock(channel, digest);
      return new Held(semaphore, channel, lock);
    } catch (IOException | RuntimeException e) {
      if (channel != null) {
        channel.close();
      }
      semaphore.release();
      throw e;
    }
  }

  /** Polls rather than blocks: a blocking fcntl lock would pin a virtual thread's carrier. */
  private static FileLock waitForLock(FileChannel channel, Digest digest) throws IOException {
    long backoff = 5;
    while (true) {
      FileLock lock = channel.tryLock();
      if (lock != null) {
        return lock;
      }
      try {
        Thread.sleep(backoff);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for blob " + digest, e);
      }
      backoff = Math.min(backoff * 2, 200);
    }
  }

  /** True when no writer in any process holds the digest; used to clean up safely. */
  boolean isFree(Digest digest) throws IOException {
    Semaphore semaphore = inProcess.computeIfAbsent(digest, d -> new Semaphore(1));
    if (!semaphore.tryAcquire()) {
      return false;
    }
    try (FileChannel channel =
        FileChannel.open(
            directory.resolve(digest.hex() + ".lock"),
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE)) {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        return false;
      }
      lock.release();
      return true;
    } finally {
      semaphore.release();
    }
  }

  record Held(Semaphore semaphore, FileChannel channel, FileLock lock) implements AutoCloseable {
    @Override
    public void close() throws IOException {
      try {
        lock.release();
        channel.close();
      } finally {
        semaphore.release();
      }
    }
  }
}
