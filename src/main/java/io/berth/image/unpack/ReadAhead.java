package io.berth.image.unpack;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads a stream on a thread of its own into a few large chunks, so that decompressing and
 * digesting (on that thread) overlap with extracting (on the reader's): two cores at work, as in
 * {@code zcat | tar -x}. The thread belongs to this stream and is stopped by {@link #close()}.
 */
final class ReadAhead extends InputStream {
  /** Sees every chunk on the reading thread, in order, before it is handed over. */
  interface Observer {
    void read(byte[] buffer, int offset, int length) throws IOException;

    /** Called once the stream has ended, still on the reading thread. */
    void ended() throws IOException;
  }

  private static final class Chunk {
    final byte[] data;
    int length;
    Throwable failure;
    boolean end;

    Chunk(byte[] data) {
      this.data = data;
    }
  }

  private final InputStream in;
  private final Observer observer;
  private final BlockingQueue<Chunk> free;
  private final BlockingQueue<Chunk> filled;
  private final Thread thread;
  private Chunk current;
  private int position;
  private boolean ended;
  private volatile boolean closed;

  ReadAhead(InputStream in, Observer observer, int chunkSize, int chunks) {
    this.in = in;
    this.observer = observer;
    this.free = new ArrayBlockingQueue<>(chunks);
    // room for every chunk plus the end or failure marker, so the reader never blocks on put
    this.filled = new ArrayBlockingQueue<>(chunks + 1);
    for (int i = 0; i < chunks; i++) {
      free.add(new Chunk(new byte[chunkSize]));
    }
    // A platform thread: it reads the registry's socket, and on a virtual thread a read that has to
    // wait parks on the JDK's poller, a thread in epoll_wait for good that the JVM's exit then
    // waits for, up to 300 ms, at the end of every CLI pull that needed it.
    this.thread = Thread.ofPlatform().daemon().name("berth-unpack-read-ahead").start(this::run);
  }

  private void run() {
    try {
      while (!closed) {
        Chunk chunk = free.take();
        int n = in.readNBytes(chunk.data, 0, chunk.data.length);
        if (n > 0) {
          observer.read(chunk.data, 0, n);
          chunk.length = n;
          filled.put(chunk);
        }
        if (n < chunk.data.length) {
          observer.ended();
          Chunk end = new Chunk(new byte[0]);
          end.end = true;
          filled.put(end);
          return;
        }
      }
    } catch (InterruptedException e) {
      // closed while waiting: the reader is gone
    } catch (Throwable t) {
      Chunk failure = new Chunk(new byte[0]);
      failure.failure = t;
      filled.offer(failure);
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    if (current == null || position == current.length) {
      if (ended || !next()) {
        return -1;
      }
    }
    int n = Math.min(length, current.length - position);
    System.arraycopy(current.data, position, buffer, offset, n);
    position += n;
    return n;
  }

  private boolean next() throws IOException {
    if (current != null) {
      free.add(current);
      current = null;
    }
    Chunk chunk;
    try {
      chunk = filled.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for the layer stream");
    }
    if (chunk.failure != null) {
      ended = true;
      throw rethrown(chunk.failure);
    }
    if (chunk.end) {
      ended = true;
      return false;
    }
    current = chunk;
    position = 0;
    return true;
  }

  /** A refusal keeps its type and message; other failures are wrapped to show where we were. */
  private static IOException rethrown(Throwable failure) {
    if (failure instanceof LayerRejectedException rejected) {
      return rejected;
    }
    return new IOException("reading the layer stream failed: " + failure.getMessage(), failure);
  }

  /** Stops the reading thread and waits for it (interrupting a read it is blocked in). */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    thread.interrupt();
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while stopping the layer read-ahead");
    }
  }
}
