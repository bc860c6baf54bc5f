package io.berth.image.unpack;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes a layer may still make us write: uncompressed tar bytes plus bytes copied up from lower
 * layers. Exceeding it stops the unpack, which is how a decompression bomb (or a layer of a million
 * hard links to one big lower file) is caught before it fills the disk.
 */
final class ByteBudget {
  private final long limit;
  private final AtomicLong used = new AtomicLong(); // charged by the read-ahead and the writer

  ByteBudget(long limit) {
    this.limit = limit;
  }

  void charge(long bytes, String what) throws LayerRejectedException {
    if (used.addAndGet(bytes) > limit) {
      throw new LayerRejectedException(
          "%s exceeds the size limit of %d bytes for one layer; the layer is a decompression bomb or the limit is too low"
              .formatted(what, limit));
    }
  }
}
