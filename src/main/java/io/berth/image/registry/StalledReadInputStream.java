package io.berth.image.registry;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * Says which body stalled. The connection's read timeout ({@link HostConnection}) already fails a
 * read that waits longer than {@code limit} for bytes, with the socket's bare "Read timed out";
 * this names what was being read, so the message is one a user can act on. Time the caller spends
 * between reads does not count, and a slow body goes on as long as bytes keep coming.
 */
final class StalledReadInputStream extends FilterInputStream {
  private final Duration limit;
  private final String what;

  /**
   * @param limit the read timeout the connection was opened with
   * @param what what the body is, for the message: {@code manifest localhost:5000/app:1}
   */
  StalledReadInputStream(InputStream in, Duration limit, String what) {
    super(in);
    this.limit = limit;
    this.what = what;
  }

  @Override
  public int read() throws IOException {
    try {
      return in.read();
    } catch (SocketTimeoutException e) {
      throw stalled(e);
    }
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    try {
      return in.read(buffer, offset, length);
    } catch (SocketTimeoutException e) {
      throw stalled(e);
    }
  }

  @Override
  public long skip(long n) throws IOException {
    try {
      return in.skip(n);
    } catch (SocketTimeoutException e) {
      throw stalled(e);
    }
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  private SocketTimeoutException stalled(SocketTimeoutException cause) {
    SocketTimeoutException named =
        new SocketTimeoutException(
            "no bytes of %s arrived for %s".formatted(what, Retrier.seconds(limit)));
    named.initCause(cause);
    return named;
  }
}
