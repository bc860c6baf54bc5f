package io.berth.image.registry;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * Fails a read that waits longer than {@code limit} for bytes. The JDK's HTTP client bounds only
 * the wait for headers; a body that stalls would block its reader for ever. A watchdog (a virtual
 * thread owned by this stream, ended by {@link #close()} or the end of the body) closes the
 * underlying stream, which wakes the blocked read. Time the caller spends between reads does not
 * count.
 */
final class IdleTimeoutInputStream extends FilterInputStream {
  private final Duration limit;
  private final String what;
  private final Thread watchdog;
  private volatile boolean reading;
  private volatile long readingSince;
  private volatile boolean done;
  private volatile boolean timedOut;

  IdleTimeoutInputStream(InputStream in, Duration limit, String what) {
    super(in);
    this.limit = limit;
    this.what = what;
    this.watchdog = Thread.ofVirtual().name("berth-body-watchdog").start(this::watch);
  }

  private void watch() {
    long interval = Math.clamp(limit.toMillis() / 4, 10, 1000);
    while (!done) {
      try {
        Thread.sleep(interval);
      } catch (InterruptedException e) {
        return;
      }
      if (reading && System.nanoTime() - readingSince > limit.toNanos()) {
        timedOut = true;
        try {
          in.close();
        } catch (IOException e) {
          // closing is all the watchdog can do; the reader reports the timeout
        }
        return;
      }
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    readingSince = System.nanoTime(); // may be negative: only differences count
    reading = true;
    try {
      int n = in.read(buffer, offset, length);
      if (n < 0) {
        stopWatching();
      }
      return n;
    } catch (IOException e) {
      if (timedOut) {
        HttpTimeoutException timeout =
            new HttpTimeoutException(
                "no bytes of %s arrived for %s".formatted(what, Retrier.seconds(limit)));
        timeout.initCause(e);
        throw timeout;
      }
      throw e;
    } finally {
      reading = false;
    }
  }

  @Override
  public long skip(long n) throws IOException {
    byte[] buffer = new byte[(int) Math.min(n, 8192)];
    int read = read(buffer, 0, buffer.length);
    return Math.max(read, 0);
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  @Override
  public void close() throws IOException {
    stopWatching();
    super.close();
  }

  private void stopWatching() {
    done = true;
    watchdog.interrupt();
  }
}
