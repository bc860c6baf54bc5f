package io.berth.image.registry;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Passes on exactly {@code length} bytes: a body that runs longer fails as soon as it does, one
 * that ends early fails at its end instead of looking complete.
 */
final class ExactLengthInputStream extends FilterInputStream {
  private final String what;
  private long left;

  ExactLengthInputStream(InputStream in, long length, String what) {
    super(in);
    this.left = length;
    this.what = what;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    if (left == 0) {
      if (super.read() >= 0) {
        throw new IOException(what + " is longer than its descriptor says");
      }
      return -1;
    }
    int n = super.read(buffer, offset, (int) Math.min(length, left));
    if (n < 0) {
      throw new EOFException(what + " ended " + left + " bytes early");
    }
    left -= n;
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = super.skip(Math.min(n, left));
    left -= skipped;
    return skipped;
  }

  @Override
  public int available() throws IOException {
    return (int) Math.min(super.available(), left);
  }

  @Override
  public boolean markSupported() {
    return false;
  }
}
