package io.berth.image.content;

import io.berth.spec.Digest;
import java.io.IOException;

/** A blob's bytes are not what its descriptor says: wrong digest or wrong size. */
public final class BlobMismatchException extends IOException {
  public BlobMismatchException(String message) {
    super(message);
  }

  static BlobMismatchException digest(Digest expected, Digest actual, long size) {
    return new BlobMismatchException(
        "blob %s failed verification: its content has digest %s (%d bytes); discarded"
            .formatted(expected, actual, size));
  }

  static BlobMismatchException size(Digest expected, long expectedSize, long actualSize) {
    return new BlobMismatchException(
        "blob %s failed verification: expected %d bytes, got %s; discarded"
            .formatted(
                expected,
                expectedSize,
                actualSize > expectedSize ? "more than " + expectedSize : actualSize));
  }
}
