package io.berth.testing;

import io.berth.spec.Digest;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes a {@link Layer} as a POSIX (PAX) tar, compressed, to a file, digesting the tar and the
 * blob while it streams: nothing is held in memory, whatever the layer's size.
 */
public final class LayerWriter {
  private LayerWriter() {}

  public static LayerBlob write(Layer layer, Compression compression, Path file) {
    MessageDigest blobDigest = Digest.newMessageDigest("sha256");
    MessageDigest tarDigest = Digest.newMessageDigest("sha256");
    try (OutputStream fileOut = Files.newOutputStream(file);
        CountingOutputStream counted =
            new CountingOutputStream(new DigestOutputStream(fileOut, blobDigest))) {
      try (OutputStream compressed = compression.compress(new NotClosing(counted));
          OutputStream tar = new DigestOutputStream(compressed, tarDigest)) {
        writeTar(layer, tar);
      }
      counted.flush();
      Digest digest = Digest.of("sha256", blobDigest.digest());
      return new LayerBlob(
          file, compression, digest, counted.count(), Digest.of("sha256", tarDigest.digest()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write layer " + file, e);
    }
  }

  /**
   * The blob as bytes in memory: for small layers a test hands straight to an unpacker. Its bytes
   * are those {@link #write} puts in a file.
   */
  public static byte[] toBytes(Layer layer, Compression compression) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream compressed = compression.compress(bytes)) {
      writeTar(layer, compressed);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a layer in memory", e);
    }
    return bytes.toByteArray();
  }

  /** The uncompressed tar, into {@code out} (left open). */
  public static void writeTar(Layer layer, OutputStream out) throws IOException {
    TarArchiveOutputStream tar =
        new TarArchiveOutputStream(new NotClosing(out), StandardCharsets.UTF_8.name());
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    tar.setAddPaxHeadersForNonAsciiNames(true);
    for (TarEntry entry : layer.entries()) {
      Content content = content(entry);
      tar.putArchiveEntry(header(entry, content));
      if (content != null) {
        content.writeTo(tar);
      }
      tar.closeArchiveEntry();
    }
    tar.finish();
    tar.close();
  }

  private static Content content(TarEntry entry) {
    return switch (entry) {
      case TarEntry.RegularFile file -> file.content();
      case TarEntry.Raw raw -> raw.content();
      default -> null;
    };
  }

  private static TarArchiveEntry header(TarEntry entry, Content content) {
    TarArchiveEntry header =
        switch (entry) {
          case TarEntry.RegularFile file -> create(file.path(), TarConstants.LF_NORMAL);
          case TarEntry.Directory dir ->
              create(dir.path().endsWith("/") ? dir.path() : dir.path() + "/", TarConstants.LF_DIR);
          case TarEntry.Symlink link -> linked(link.path(), TarConstants.LF_SYMLINK, link.target());
          case TarEntry.Hardlink link -> linked(link.path(), TarConstants.LF_LINK, link.target());
          case TarEntry.Device device -> {
            TarArchiveEntry node =
                create(
                    device.path(),
                    device.kind() == TarEntry.DeviceKind.CHARACTER
                        ? TarConstants.LF_CHR
                        : TarConstants.LF_BLK);
            node.setDevMajor(device.major());
            node.setDevMinor(device.minor());
            yield node;
          }
          case TarEntry.Fifo fifo -> create(fifo.path(), TarConstants.LF_FIFO);
          case TarEntry.Raw raw -> linked(raw.path(), raw.typeFlag(), raw.linkName());
        };
    EntryAttributes attributes = entry.attributes();
    header.setMode(attributes.mode());
    header.setUserId(attributes.uid());
    header.setGroupId(attributes.gid());
    // the JDK fills in the user running the tests; an image must not depend on who built it
    header.setUserName("");
    header.setGroupName("");
    header.setModTime(FileTime.from(attributes.mtime()));
    header.setSize(content == null ? 0 : content.size());
    for (Map.Entry<String, String> xattr : attributes.xattrs().entrySet()) {
      header.addPaxHeader("SCHILY.xattr." + xattr.getKey(), xattr.getValue());
    }
    attributes.paxRecords().forEach(header::addPaxHeader);
    return header;
  }

  private static TarArchiveEntry create(String path, byte type) {
    // preserveAbsolutePath: the name is written as given, leading slash and all
    return new TarArchiveEntry(path, type, true);
  }

  private static TarArchiveEntry linked(String path, byte type, String target) {
    TarArchiveEntry header = create(path, type);
    header.setLinkName(target == null ? "" : target);
    return header;
  }

  /** Keeps the tar and compressor streams from closing what they wrap. */
  private static final class NotClosing extends FilterOutputStream {
    NotClosing(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      out.write(bytes, offset, length);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }

  private static final class CountingOutputStream extends FilterOutputStream {
    private long count;

    CountingOutputStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      out.write(bytes, offset, length);
      count += length;
    }

    long count() {
      return count;
    }
  }
}
