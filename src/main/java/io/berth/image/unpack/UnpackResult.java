package io.berth.image.unpack;

import io.berth.spec.Digest;

/**
 * What an unpack produced.
 *
 * @param diffId the sha256 of the whole uncompressed stream, end-of-archive blocks and any bytes
 *     after them included; the caller compares it with the image config's {@code diff_ids}
 * @param uncompressedSize the length of that stream
 * @param compressedSize how many bytes were read from the layer stream (all of it)
 * @param entries the tar entries applied (PAX and GNU long-name headers not counted)
 */
public record UnpackResult(
    Digest diffId, long uncompressedSize, long compressedSize, long entries) {
  public UnpackResult {
    if (diffId == null || !diffId.algorithm().equals("sha256")) {
      throw new IllegalArgumentException("a diffID is a sha256 digest, was " + diffId);
    }
    if (uncompressedSize < 0 || compressedSize < 0 || entries < 0) {
      throw new IllegalArgumentException(
          "sizes and counts cannot be negative: uncompressed %d, compressed %d, entries %d"
              .formatted(uncompressedSize, compressedSize, entries));
    }
  }
}
