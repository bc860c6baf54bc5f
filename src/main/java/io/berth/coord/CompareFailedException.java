package io.berth.coord;

import java.util.Optional;

/**
 * A compare-and-set found something else than expected, so nothing was written. Read again, decide
 * again, retry with the modRevision just read.
 */
public final class CompareFailedException extends CoordException {
  private final String key;
  private final long expectedModRevision;
  private final KeyValue actual;
  private final long revision;

  public CompareFailedException(
      String key, long expectedModRevision, Optional<KeyValue> actual, long revision) {
    super(
        "%s: expected %s, found %s (store revision %d)"
            .formatted(
                key,
                expectedModRevision == 0 ? "no key" : "modRevision " + expectedModRevision,
                actual.map(kv -> "modRevision " + kv.modRevision()).orElse("no key"),
                revision));
    this.key = key;
    this.expectedModRevision = expectedModRevision;
    this.actual = actual.orElse(null);
    this.revision = revision;
  }

  /** The key the condition was on. */
  public String key() {
    return key;
  }

  /** The modRevision the write expected; 0 for "must not exist". */
  public long expectedModRevision() {
    return expectedModRevision;
  }

  /** The key as it is now; empty when it does not exist. */
  public Optional<KeyValue> actual() {
    return Optional.ofNullable(actual);
  }

  /** The key's current modRevision; 0 when it does not exist. */
  public long actualModRevision() {
    return actual == null ? 0 : actual.modRevision();
  }

  /** The store's revision when the comparison failed. */
  public long revision() {
    return revision;
  }
}
