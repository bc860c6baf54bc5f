package io.berth.coord;

import java.util.OptionalLong;

/**
 * How to write a key.
 *
 * @param lease attach the key to this lease (it vanishes when the lease ends), or 0 for none; a
 *     write without a lease detaches the key from the one it had
 * @param ifModRevision compare-and-set: write only if the key's current modRevision is this (0:
 *     only if the key does not exist); empty to write whatever is there
 */
public record PutOptions(long lease, OptionalLong ifModRevision) {
  public static final PutOptions NONE = new PutOptions(0, OptionalLong.empty());

  public PutOptions {
    if (lease < 0) {
      throw new IllegalArgumentException("a lease id is positive, not " + lease);
    }
    if (ifModRevision == null) {
      ifModRevision = OptionalLong.empty();
    }
    if (ifModRevision.isPresent() && ifModRevision.getAsLong() < 0) {
      throw new IllegalArgumentException(
          "an expected modRevision is 0 or more, not " + ifModRevision.getAsLong());
    }
  }

  public static PutOptions lease(long lease) {
    return NONE.withLease(lease);
  }

  /** Compare-and-set on the key's modRevision; 0 means the key must not exist. */
  public static PutOptions ifModRevision(long modRevision) {
    return NONE.withModRevision(modRevision);
  }

  /** Create only: fail if the key exists. */
  public static PutOptions ifAbsent() {
    return ifModRevision(0);
  }

  public PutOptions withLease(long newLease) {
    return new PutOptions(newLease, ifModRevision);
  }

  public PutOptions withModRevision(long modRevision) {
    return new PutOptions(lease, OptionalLong.of(modRevision));
  }
}
