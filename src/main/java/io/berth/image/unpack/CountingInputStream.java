package io.berth.image.unpack;

import java.io.IOException;
import java.io.InputStream;

/**
 * Counts the compressed bytes read from the caller's stream, and leaves that stream open on {@link
 * #close()}: the caller owns it (and digests it).
 */
final class CountingInputStream extends InputStream {
  private final InputStream in;
  private long count;

  CountingInputStream(InputStream in) {
    this.in = in;
  }

  long count() {
    return count;
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b >= 0) {
      count++;
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = in.read(buffer, offset, length);
    if (n > 0) {
      count += n;
    }
    return n;
  }

  @Override
  public int available() throws IOException {
    return in.available();
  }

  @Override
  public void close() {}
}
