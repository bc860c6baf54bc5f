package io.berth.image;

import io.berth.spec.Digest;
import io.berth.spec.ImageRef;

/**
 * What a pull did.
 *
 * @param previous the image the reference pointed at before; null when the reference is new
 */
public record PullOutcome(
    ImageRef ref,
    Image image,
    int layersPulled,
    int layersPresent,
    long bytesDownloaded,
    Digest previous) {

  /** True when the reference is new or now points at another image. */
  public boolean updated() {
    return previous == null || !previous.equals(image.manifestDigest());
  }
}
