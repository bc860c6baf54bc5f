package io.berth.agent;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/** Small archives for create requests' data: tar, tar.gz and zip, made in memory. */
final class Archives {
  private Archives() {}

  /** A tar builder; entries are added in order. */
  static final class Tar {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final TarArchiveOutputStream tar;

    Tar(boolean gzip) throws IOException {
      OutputStream out = gzip ? new GzipCompressorOutputStream(bytes) : bytes;
      tar = new TarArchiveOutputStream(out);
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    }

    Tar file(String name, String content) throws IOException {
      byte[] data = content.getBytes(StandardCharsets.UTF_8);
      TarArchiveEntry entry = new TarArchiveEntry(name, true); // keeps an absolute name
      entry.setSize(data.length);
      entry.setMode(0644);
      tar.putArchiveEntry(entry);
      tar.write(data);
      tar.closeArchiveEntry();
      return this;
    }

    Tar zeros(String name, long size) throws IOException {
      TarArchiveEntry entry = new TarArchiveEntry(name);
      entry.setSize(size);
      tar.putArchiveEntry(entry);
      byte[] block = new byte[1 << 20];
      for (long left = size; left > 0; left -= block.length) {
        tar.write(block, 0, (int) Math.min(left, block.length));
      }
      tar.closeArchiveEntry();
      return this;
    }

    Tar symlink(String name, String target) throws IOException {
      TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
      entry.setLinkName(target);
      tar.putArchiveEntry(entry);
      tar.closeArchiveEntry();
      return this;
    }

    String base64() throws IOException {
      tar.close();
      return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }
  }

  /** A zip of {@code name, content} pairs; a content of null is a megabyte of zeros, 300 times. */
  static String zip(String... namesAndContents) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(bytes)) {
      for (int i = 0; i < namesAndContents.length; i += 2) {
        zip.putArchiveEntry(new ZipArchiveEntry(namesAndContents[i]));
        if (namesAndContents[i + 1] == null) {
          byte[] block = new byte[1 << 20];
          for (int n = 0; n < 300; n++) {
            zip.write(block);
          }
        } else {
          zip.write(namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        zip.closeArchiveEntry();
      }
    }
    return Base64.getEncoder().encodeToString(bytes.toByteArray());
  }
}
