package io.berth.testing;

import io.berth.image.oci.Descriptor;
import io.berth.spec.Digest;

/**
 * An image of one layer of random bytes, pushed byte for byte, with the exact bytes of its
 * manifest, config and layer blob kept, so a test can compare what a client fetched with what was
 * pushed rather than with what the registry serves.
 */
public record RandomImage(
    PushedImage pushed,
    byte[] manifest,
    Descriptor config,
    byte[] configBytes,
    Descriptor layer,
    byte[] layerBytes) {

  /** The manifest digest: the sha256 of {@link #manifest()}. */
  public Digest digest() {
    return pushed.digest();
  }
}
