package io.berth.image;

import io.berth.spec.Digest;
import io.berth.spec.ImageRef;
import io.berth.spec.Platform;
import java.time.Instant;
import java.util.List;

/**
 * An image on this host: one platform's manifest, its config and its layers.
 *
 * @param manifestDigest the platform manifest's digest; berth's identity for the image
 * @param configDigest the config's digest, Docker's "image id"
 * @param indexDigest the digest of the index it was chosen from, or null
 * @param size bytes of compressed layers plus config
 * @param created the image's own creation time from its config, or null
 * @param refs the references that point at it (tags, or name@digest)
 */
public record Image(
    Digest manifestDigest,
    String mediaType,
    Digest configDigest,
    Digest indexDigest,
    Platform platform,
    long size,
    Instant created,
    Instant pulled,
    List<Layer> layers,
    List<ImageRef> refs) {

  public Image {
    layers = List.copyOf(layers);
    refs = refs == null ? List.of() : List.copyOf(refs);
  }

  /** The digest a registry knows this image by under its tag: the index's, when there is one. */
  public Digest repoDigest() {
    return indexDigest != null ? indexDigest : manifestDigest;
  }

  /** The ChainID of the top layer: the whole root filesystem. */
  public Digest topChainId() {
    return layers.isEmpty() ? null : layers.getLast().chainId();
  }

  Image withRefs(List<ImageRef> newRefs) {
    return new Image(
        manifestDigest,
        mediaType,
        configDigest,
        indexDigest,
        platform,
        size,
        created,
        pulled,
        layers,
        newRefs);
  }

  /** One layer: the blob as stored, what it unpacks to, and the snapshot it is in. */
  public record Layer(Digest blob, String mediaType, long size, Digest diffId, Digest chainId) {}
}
