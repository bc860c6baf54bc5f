package io.berth.image.unpack;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * Opens the decompressing stream for a layer, after checking that its first bytes are what the
 * media type declared: a registry that labels a zstd layer as gzip gets a clear refusal rather than
 * an obscure decompression error.
 */
final class Decompression {
  private static final int BUFFER = 1 << 16;

  private Decompression() {}

  /**
   * The uncompressed tar stream. {@code raw} stays readable afterwards (through the returned
   * stream's source) so the caller can read it to its end; closing the result frees native
   * decompressor memory and does not close {@code raw} if {@code raw} ignores close.
   */
  static InputStream open(InputStream raw, Compression declared) throws IOException {
    BufferedInputStream buffered = new BufferedInputStream(raw, BUFFER);
    Compression found = sniff(buffered, declared);
    return switch (found) {
      case NONE -> buffered;
      case GZIP -> new GZIPInputStream(buffered, BUFFER);
      case ZSTD -> new ZstdInputStreamNoFinalizer(buffered);
    };
  }

  private static Compression sniff(BufferedInputStream in, Compression declared)
      throws IOException {
    in.mark(8);
    byte[] head = in.readNBytes(6);
    in.reset();
    String found = describe(head);
    boolean matches =
        switch (declared) {
          case GZIP -> found.equals("gzip");
          case ZSTD -> found.equals("zstd");
          case NONE -> found.equals("tar") || found.equals("empty"); // Go's reader allows empty
        };
    if (!matches) {
      throw new LayerRejectedException(
          "the media type declares %s but the layer's first bytes %s"
              .formatted(
                  declared == Compression.NONE
                      ? "an uncompressed tar"
                      : declared.name().toLowerCase(),
                  head.length == 0
                      ? "are missing: the layer is empty"
                      : found.equals("tar") ? "are neither gzip nor zstd" : "are " + found));
    }
    return declared;
  }

  /** "gzip", "zstd", "xz", "bzip2", or "tar" for anything else (the tar reader checks that). */
  private static String describe(byte[] head) {
    if (head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
      return "gzip";
    }
    if (head.length >= 4
        && (head[0] & 0xf0) == 0x50
        && (head[1] & 0xff) == 0x2a
        && (head[2] & 0xff) == 0x4d
        && (head[3] & 0xff) == 0x18) {
      return "zstd"; // a skippable frame, 0x184D2A5?, may open a zstd stream
    }
    if (head.length >= 4
        && (head[0] & 0xff) == 0x28
        && (head[1] & 0xff) == 0xb5
        && (head[2] & 0xff) == 0x2f
        && (head[3] & 0xff) == 0xfd) {
      return "zstd";
    }
    if (head.length >= 6
        && (head[0] & 0xff) == 0xfd
        && head[1] == '7'
        && head[2] == 'z'
        && head[3] == 'X'
        && head[4] == 'Z'
        && head[5] == 0) {
      return "xz";
    }
    if (head.length >= 3 && head[0] == 'B' && head[1] == 'Z' && head[2] == 'h') {
      return "bzip2";
    }
    return head.length == 0 ? "empty" : "tar";
  }
}
