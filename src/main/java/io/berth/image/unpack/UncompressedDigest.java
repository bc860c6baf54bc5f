package io.berth.image.unpack;

import io.berth.spec.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;

/**
 * Watches the uncompressed stream as the read-ahead produces it: digests it (the diffID), counts it
 * against the budget, and once it has ended reads the compressed input to its end, since a
 * decompressor may stop early (gzip ignores what follows its last member) while the caller's digest
 * of the compressed bytes must see all of them.
 */
final class UncompressedDigest implements ReadAhead.Observer {
  private final MessageDigest sha256 = io.berth.os.Sha256.newDigest();
  private final ByteBudget budget;
  private final InputStream compressed;
  private long size;

  UncompressedDigest(ByteBudget budget, InputStream compressed) {
    this.budget = budget;
    this.compressed = compressed;
  }

  @Override
  public void read(byte[] buffer, int offset, int length) throws IOException {
    sha256.update(buffer, offset, length);
    size += length;
    budget.charge(length, "the uncompressed layer");
  }

  @Override
  public void ended() throws IOException {
    compressed.transferTo(OutputStream.nullOutputStream());
  }

  /** The diffID; call once, after the read-ahead has ended. */
  Digest diffId() {
    return Digest.of("sha256", sha256.digest());
  }

  long size() {
    return size;
  }
}
