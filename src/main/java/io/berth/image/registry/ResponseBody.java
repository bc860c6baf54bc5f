package io.berth.image.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.HttpURLConnection;

/**
 * The body of one answer, and what becomes of its connection. A body read to its end (or known to
 * be empty) leaves the connection in the JDK's keep-alive cache for the next request to the host. A
 * body closed early keeps it only when the rest has already arrived and can be skipped without
 * waiting; otherwise the connection is dropped ({@link HttpURLConnection#disconnect()}), so an
 * abandoned download never holds one. (A body cut short fails in the JDK's own stream, as a broken
 * connection that berth tries again.)
 */
final class ResponseBody extends InputStream {
  /** How much of an unwanted rest is skipped, if it has already arrived, to keep the connection. */
  private static final int SKIPPED_AT_MOST = 64 << 10;

  private final HttpURLConnection connection;
  private final InputStream in;
  private final long length;
  private final String what;
  private long count;
  private boolean complete;
  private boolean closed;

  /**
   * @param in the JDK's body stream; null for none
   * @param length the declared length, 0 for an answer without a body, -1 when unknown (chunked, or
   *     until the connection closes)
   * @param what the request, for messages: {@code GET http://host/path}
   */
  ResponseBody(HttpURLConnection connection, InputStream in, long length, String what) {
    this.connection = connection;
    this.in = in == null ? InputStream.nullInputStream() : in;
    this.length = length;
    this.what = what;
    this.complete = length == 0;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int size) throws IOException {
    if (closed) {
      throw new IOException("the answer to " + what + " is closed");
    }
    if (size == 0) {
      return 0;
    }
    if (complete) {
      return -1;
    }
    int n;
    try {
      n = in.read(buffer, offset, size);
    } catch (IOException e) {
      if (Thread.currentThread().isInterrupted()) {
        InterruptedIOException interrupted =
            new InterruptedIOException("interrupted while reading the answer to " + what);
        interrupted.initCause(e);
        throw interrupted;
      }
      throw e;
    }
    if (n < 0) {
      complete = true;
      return -1;
    }
    count += n;
    complete = length > 0 && count >= length;
    return n;
  }

  @Override
  public int available() throws IOException {
    return closed || complete ? 0 : in.available();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    if (!complete) {
      skipWhatHasArrived();
    }
    closed = true;
    if (complete) {
      try {
        in.close(); // hands the connection back to the cache, if the JDK has not already
      } catch (IOException e) {
        connection.disconnect();
      }
    } else {
      connection.disconnect();
    }
  }

  /**
   * Reads on while bytes are there without waiting: a small rest (a redirect's page) is skipped.
   */
  private void skipWhatHasArrived() {
    if (length < 0 || length - count > SKIPPED_AT_MOST) {
      return;
    }
    byte[] buffer = new byte[8192];
    try {
      int ready;
      while (!complete && (ready = in.available()) > 0) {
        read(buffer, 0, Math.min(ready, buffer.length));
      }
    } catch (IOException e) {
      // the connection is dropped
    }
  }
}
