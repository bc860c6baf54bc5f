package io.berth.api.client;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * A chunked body (RFC 9112 §7.1), decoded as it arrives: each read returns what the current chunk
 * holds without waiting for the next. A connection that ends before the last chunk is an error, so
 * a stream cut short is never taken for a complete one.
 */
final class ChunkedInputStream extends InputStream {
  private static final int MAX_LINE = 4096;

  private final InputStream in;
  private long left;
  private boolean inChunk;
  private boolean done;

  ChunkedInputStream(InputStream in) {
    this.in = in;
  }

  @Override
  public int read() throws IOException {
    if (!ready()) {
      return -1;
    }
    int b = in.read();
    if (b == -1) {
      throw cutShort();
    }
    left--;
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    if (!ready()) {
      return -1;
    }
    int n = in.read(buffer, offset, (int) Math.min(length, left));
    if (n == -1) {
      throw cutShort();
    }
    left -= n;
    return n;
  }

  // Moves to the next chunk when this one is used up; false at the end of the body.
  private boolean ready() throws IOException {
    if (done) {
      return false;
    }
    if (left > 0) {
      return true;
    }
    if (inChunk) {
      crlf(); // the data of the last chunk is read; its CRLF follows
      inChunk = false;
    }
    String sizeLine = line();
    int extension = sizeLine.indexOf(';');
    String hex = (extension < 0 ? sizeLine : sizeLine.substring(0, extension)).strip();
    try {
      left = Long.parseLong(hex, 16);
    } catch (NumberFormatException e) {
      throw new IOException("malformed chunk size: " + sizeLine, e);
    }
    if (left < 0) {
      throw new IOException("malformed chunk size: " + sizeLine);
    }
    if (left == 0) {
      while (!line().isEmpty()) {
        // trailers: berth sends none, and ignores any
      }
      done = true;
      return false;
    }
    inChunk = true;
    return true;
  }

  private void crlf() throws IOException {
    if (!line().isEmpty()) {
      throw new IOException("a chunk is longer than its size says");
    }
  }

  private String line() throws IOException {
    String line = Http1.headLine(in, new int[] {MAX_LINE});
    if (line == null) {
      throw cutShort();
    }
    return line;
  }

  private static EOFException cutShort() {
    return new EOFException("the connection ended before the response did");
  }
}
