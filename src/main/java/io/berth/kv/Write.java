package io.berth.kv;

import java.util.OptionalLong;

/**
 * How to write a key.
 *
 * @param secret encrypt the value at rest and hide it in listings and dumps; once a key is secret
 *     it stays secret through later writes until it is deleted
 * @param ifRevision compare-and-set: write only if the key's modRevision is this (0: only if it
 *     does not exist); empty to write whatever is there
 */
public record Write(boolean secret, OptionalLong ifRevision) {
  public static final Write PLAIN = new Write(false, OptionalLong.empty());
  public static final Write SECRET = new Write(true, OptionalLong.empty());

  public Write {
    ifRevision = ifRevision == null ? OptionalLong.empty() : ifRevision;
    if (ifRevision.isPresent() && ifRevision.getAsLong() < 0) {
      throw new IllegalArgumentException(
          "an expected revision is 0 or more, not " + ifRevision.getAsLong());
    }
  }

  /** Compare-and-set on the key's modRevision; 0 means the key must not exist. */
  public static Write ifRevision(long modRevision) {
    return PLAIN.withRevision(modRevision);
  }

  public Write withRevision(long modRevision) {
    return new Write(secret, OptionalLong.of(modRevision));
  }

  public Write asSecret() {
    return new Write(true, ifRevision);
  }
}
