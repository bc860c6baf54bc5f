package io.berth.kv;

/**
 * A compare-and-set found another revision than expected; nothing was written. Read again, decide
 * again, and retry with the revision just read.
 */
public final class ConfigConflictException extends ConfigException {
  private final ConfigPath path;
  private final long expectedRevision;
  private final long actualRevision;

  public ConfigConflictException(ConfigPath path, long expectedRevision, long actualRevision) {
    super(
        "%s: expected %s, found %s; read it again and retry"
            .formatted(path, describe(expectedRevision), describe(actualRevision)));
    this.path = path;
    this.expectedRevision = expectedRevision;
    this.actualRevision = actualRevision;
  }

  public ConfigPath path() {
    return path;
  }

  /** The modRevision the write expected; 0 for "must not exist". */
  public long expectedRevision() {
    return expectedRevision;
  }

  /** The key's modRevision now; 0 when it does not exist. */
  public long actualRevision() {
    return actualRevision;
  }

  private static String describe(long revision) {
    return revision == 0 ? "no key" : "revision " + revision;
  }
}
