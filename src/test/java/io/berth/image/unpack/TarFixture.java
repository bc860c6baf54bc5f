package io.berth.image.unpack;

import com.github.luben.zstd.ZstdOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** Builds layer tarballs (PAX) for tests, entry by entry, with names kept exactly as given. */
final class TarFixture {
  static final Instant MTIME = Instant.parse("2021-03-04T05:06:07.1234567Z");

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final TarArchiveOutputStream tar;

  TarFixture() {
    tar = new TarArchiveOutputStream(bytes, "UTF-8");
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    tar.setAddPaxHeadersForNonAsciiNames(true);
  }

  TarFixture dir(String name, int mode) {
    return entry(name, TarConstants.LF_DIR, mode, null, e -> {});
  }

  TarFixture file(String name, String content) {
    return file(name, content, 0644, e -> {});
  }

  TarFixture file(String name, String content, int mode, Consumer<TarArchiveEntry> custom) {
    return entry(
        name, TarConstants.LF_NORMAL, mode, content.getBytes(StandardCharsets.UTF_8), custom);
  }

  TarFixture file(String name, byte[] content) {
    return entry(name, TarConstants.LF_NORMAL, 0644, content, e -> {});
  }

  TarFixture symlink(String name, String target) {
    return entry(name, TarConstants.LF_SYMLINK, 0777, null, e -> e.setLinkName(target));
  }

  TarFixture hardlink(String name, String target) {
    return entry(name, TarConstants.LF_LINK, 0644, null, e -> e.setLinkName(target));
  }

  TarFixture device(String name, byte type, int major, int minor) {
    return entry(
        name,
        type,
        0620,
        null,
        e -> {
          e.setDevMajor(major);
          e.setDevMinor(minor);
        });
  }

  TarFixture fifo(String name) {
    return entry(name, TarConstants.LF_FIFO, 0640, null, e -> {});
  }

  TarFixture entry(
      String name, byte type, int mode, byte[] content, Consumer<TarArchiveEntry> custom) {
    try {
      TarArchiveEntry entry = new TarArchiveEntry(name, type, true);
      entry.setMode(mode);
      entry.setLastModifiedTime(FileTime.from(MTIME));
      entry.setUserId(0);
      entry.setGroupId(0);
      entry.setSize(content == null ? 0 : content.length);
      custom.accept(entry);
      tar.putArchiveEntry(entry);
      if (content != null) {
        tar.write(content);
      }
      tar.closeArchiveEntry();
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  byte[] build() {
    try {
      tar.finish();
      tar.close();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] gzip(byte[] data) {
    return compress(data, GZIPOutputStream::new);
  }

  static byte[] zstd(byte[] data) {
    return compress(data, ZstdOutputStream::new);
  }

  private interface Compressor {
    OutputStream wrap(OutputStream out) throws IOException;
  }

  private static byte[] compress(byte[] data, Compressor compressor) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream c = compressor.wrap(out)) {
      c.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
