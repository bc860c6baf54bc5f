package io.berth.testing;

import com.github.luben.zstd.ZstdOutputStream;
import io.berth.image.oci.MediaTypes;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.GZIPOutputStream;

/** How a layer blob is compressed, and the media types that say so. */
public enum Compression {
  NONE(MediaTypes.OCI_LAYER, null),
  GZIP(MediaTypes.OCI_LAYER_GZIP, MediaTypes.DOCKER_LAYER_GZIP),
  ZSTD(MediaTypes.OCI_LAYER_ZSTD, null);

  private final String ociMediaType;
  private final String dockerMediaType;

  Compression(String ociMediaType, String dockerMediaType) {
    this.ociMediaType = ociMediaType;
    this.dockerMediaType = dockerMediaType;
  }

  public String ociMediaType() {
    return ociMediaType;
  }

  /** Docker schema 2 has a media type for gzip layers only. */
  public String dockerMediaType() {
    if (dockerMediaType == null) {
      throw new IllegalStateException("Docker schema 2 has no media type for " + this + " layers");
    }
    return dockerMediaType;
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
