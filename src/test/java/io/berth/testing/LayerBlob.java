package io.berth.testing;

import io.berth.image.oci.Descriptor;
import io.berth.spec.Digest;
import java.nio.file.Path;

/**
 * A written layer: the blob file, its digest and size as a registry stores it, and the digest of
 * the uncompressed tar (the diff_id an image config lists).
 */
public record LayerBlob(
    Path file, Compression compression, Digest digest, long size, Digest diffId) {

  /** The descriptor an OCI manifest lists for this layer. */
  public Descriptor descriptor() {
    return Descriptor.of(compression.ociMediaType(), digest, size);
  }

  /** This blob in another place (the layout moves it under blobs/sha256). */
  LayerBlob movedTo(Path newFile) {
    return new LayerBlob(newFile, compression, digest, size, diffId);
  }
}
