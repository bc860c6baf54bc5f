package io.berth.api;

/**
 * What a pull did.
 *
 * @param reference the normalised reference pulled
 * @param digest the digest the registry knows the image by (the index's when there is one)
 * @param manifestDigest the platform manifest's digest
 * @param id the image config's digest
 * @param platform the platform chosen
 * @param layersPulled layers downloaded by this pull
 * @param layersPresent layers that were already here
 * @param bytesDownloaded compressed bytes fetched from the registry
 * @param updated true when the reference now points at another image than before
 */
public record PullResult(
    String reference,
    String digest,
    String manifestDigest,
    String id,
    String platform,
    int layersPulled,
    int layersPresent,
    long bytesDownloaded,
    boolean updated) {
  public PullResult {
    if (reference == null || digest == null) {
      throw new IllegalArgumentException("a pull result needs a reference and a digest");
    }
  }
}
