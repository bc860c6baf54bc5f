package io.berth.api.client;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/** A body of {@code Content-Length} bytes; ending early is an error, not a short body. */
final class LengthInputStream extends InputStream {
  private final InputStream in;
  private long left;

  LengthInputStream(InputStream in, long length) {
    this.in = in;
    this.left = length;
  }

  @Override
  public int read() throws IOException {
    if (left == 0) {
      return -1;
    }
    int b = in.read();
    if (b == -1) {
      throw new EOFException("the connection ended " + left + " bytes before the body's end");
    }
    left--;
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    if (left == 0) {
      return -1;
    }
    int n = in.read(buffer, offset, (int) Math.min(length, left));
    if (n == -1) {
      throw new EOFException("the connection ended " + left + " bytes before the body's end");
    }
    left -= n;
    return n;
  }
}
