package io.berth.coord;

/**
 * A watch asked for changes from a revision the store no longer keeps. Re-read what the watch was
 * about (the read says its revision) and watch again from that revision + 1.
 */
public final class CompactedException extends CoordException {
  private final long requestedRevision;
  private final long compactRevision;

  public CompactedException(String store, long requestedRevision, long compactRevision) {
    super(
        "%s: revision %d is compacted; the oldest revision kept is %d: read again and watch from the read's revision + 1"
            .formatted(store, requestedRevision, compactRevision));
    this.requestedRevision = requestedRevision;
    this.compactRevision = compactRevision;
  }

  /** The revision the watch wanted to start from (or resume at). */
  public long requestedRevision() {
    return requestedRevision;
  }

  /** The oldest revision still kept. */
  public long compactRevision() {
    return compactRevision;
  }
}
