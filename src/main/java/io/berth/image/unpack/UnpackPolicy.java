package io.berth.image.unpack;

/**
 * What a layer may do while it is unpacked.
 *
 * @param maxUncompressedBytes the most bytes the uncompressed tar stream may hold (a decompression
 *     bomb stops here), counting also the bytes copied up from lower layers for hard links
 * @param allowDeviceNodes whether character and block devices may be created; whiteouts (which are
 *     character devices 0/0 that berth makes itself from {@code .wh.} entries) and fifos are always
 *     allowed
 */
public record UnpackPolicy(long maxUncompressedBytes, boolean allowDeviceNodes) {
  /** Generous for real images (the biggest layers seen in the wild are tens of GiB). */
  public static final long DEFAULT_MAX_UNCOMPRESSED_BYTES = 64L << 30;

  public UnpackPolicy {
    if (maxUncompressedBytes <= 0) {
      throw new IllegalArgumentException(
          "maxUncompressedBytes must be positive, was " + maxUncompressedBytes);
    }
  }

  /**
   * Up to 64 GiB uncompressed, no device nodes: with runc, {@code /dev} is a fresh tmpfs, so device
   * nodes in an image are either hidden or a way to reach host devices from elsewhere in the tree.
   */
  public static UnpackPolicy defaults() {
    return new UnpackPolicy(DEFAULT_MAX_UNCOMPRESSED_BYTES, false);
  }

  public UnpackPolicy withMaxUncompressedBytes(long bytes) {
    return new UnpackPolicy(bytes, allowDeviceNodes);
  }

  public UnpackPolicy withDeviceNodes(boolean allowed) {
    return new UnpackPolicy(maxUncompressedBytes, allowed);
  }
}
