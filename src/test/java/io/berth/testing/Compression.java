package io.berth.testing;

import com.github.luben.zstd.ZstdOutputStream;
import io.berth.image.oci.MediaTypes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.zip.GZIPOutputStream;

/** How a layer blob is compressed, and the media types that say so. */
public enum Compression {
  NONE(MediaTypes.OCI_LAYER),
  GZIP(MediaTypes.OCI_LAYER_GZIP),
  ZSTD(MediaTypes.OCI_LAYER_ZSTD);

  private final String ociMediaType;

  Compression(String ociMediaType) {
    this.ociMediaType = ociMediaType;
  }

  public String ociMediaType() {
    return ociMediaType;
  }

  /** {@code data} compressed: for bytes a test puts around a tar (trailing garbage, say). */
  public byte[] compress(byte[] data) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = compress(bytes)) {
      out.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot compress in memory", e);
    }
    return bytes.toByteArray();
  }

  /** A stream that compresses into {@code out}; closing it closes {@code out}. */
  public OutputStream compress(OutputStream out) throws IOException {
    return switch (this) {
      case NONE -> out;
      case GZIP -> new GZIPOutputStream(out, 1 << 16);
      case ZSTD -> new ZstdOutputStream(out);
    };
  }
}
