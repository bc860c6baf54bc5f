package io.berth.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The bytes of a regular file in a layer. {@link Zeros} streams its content, so a layer with a
 * gigabyte file is written without holding a gigabyte in memory.
 */
public sealed interface Content {

  long size();

  void writeTo(OutputStream out) throws IOException;

  static Content of(String text) {
    return new Bytes(text.getBytes(StandardCharsets.UTF_8));
  }

  static Content of(byte[] bytes) {
    return new Bytes(bytes);
  }

  static Content empty() {
    return new Bytes(new byte[0]);
  }

  record Bytes(byte[] bytes) implements Content {
    public Bytes {
      bytes = bytes.clone();
    }

    @Override
    public long size() {
      return bytes.length;
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
      out.write(bytes);
    }

    @Override
    public byte[] bytes() {
      return bytes.clone();
    }
  }

  /** {@code size} zero bytes, generated while writing. */
  record Zeros(long size) implements Content {
    public Zeros {
      if (size < 0) {
        throw new IllegalArgumentException("negative size");
      }
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
      byte[] block = new byte[1 << 16];
      for (long left = size; left > 0; left -= block.length) {
        out.write(block, 0, (int) Math.min(block.length, left));
      }
    }
  }

  /** The content of a file on this machine, read when the layer is written. */
  record FromFile(Path file) implements Content {
    @Override
    public long size() {
      try {
        return Files.size(file);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
      Files.copy(file, out);
    }
  }
}
