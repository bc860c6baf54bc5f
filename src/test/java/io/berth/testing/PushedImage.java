package io.berth.testing;

import io.berth.image.oci.ImageIndex;
import io.berth.image.oci.ImageManifest;
import io.berth.image.oci.Manifest;
import io.berth.spec.Digest;

/**
 * An image or index as the registry serves it after a push: its reference, the digest of the
 * manifest bytes the registry holds, and that manifest parsed.
 *
 * @param reference {@code 127.0.0.1:PORT/repository:tag}
 */
public record PushedImage(
    String reference, String repository, String tag, Digest digest, Manifest manifest) {

  /** {@code 127.0.0.1:PORT/repository@sha256:...}. */
  public String digestReference() {
    return reference.substring(0, reference.length() - tag.length() - 1) + "@" + digest;
  }

  public String mediaType() {
    return manifest.mediaType();
  }

  public ImageManifest imageManifest() {
    if (manifest instanceof ImageManifest image) {
      return image;
    }
    throw new IllegalStateException(reference + " is an index, not an image manifest");
  }

  public ImageIndex index() {
    if (manifest instanceof ImageIndex index) {
      return index;
    }
    throw new IllegalStateException(reference + " is an image manifest, not an index");
  }
}
