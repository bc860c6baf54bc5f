package io.berth.coord;

/**
 * A condition a write checks atomically with itself: {@code key}'s modRevision must be {@code
 * modRevision} (0: the key must not exist). A prefix deletion guarded by the key of the directory
 * it empties deletes nothing if someone changed that key meanwhile.
 */
public record Guard(String key, long modRevision) {
  public Guard {
    Keys.check("key", key);
    if (modRevision < 0) {
      throw new IllegalArgumentException(
          "an expected modRevision is 0 or more, not " + modRevision);
    }
  }

  public static Guard modRevision(String key, long modRevision) {
    return new Guard(key, modRevision);
  }

  public static Guard absent(String key) {
    return new Guard(key, 0);
  }
}
