package io.berth.testing;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The metadata of a tar entry: permission bits (with setuid, setgid and sticky), owner, mtime and
 * extended attributes. The mtime defaults to a fixed instant so that the same layer is the same
 * blob, with the same digest, every time a test builds it.
 */
public record EntryAttributes(
    int mode, long uid, long gid, Instant mtime, Map<String, String> xattrs) {
  public static final Instant FIXED_MTIME = Instant.parse("2024-01-02T03:04:05Z");

  public EntryAttributes {
    if ((mode & ~07777) != 0) {
      throw new IllegalArgumentException(
          "mode %o has bits beyond 07777; the entry type says what kind of file it is"
              .formatted(mode));
    }
    if (uid < 0 || gid < 0) {
      throw new IllegalArgumentException("uid and gid must not be negative");
    }
    if (mtime == null) {
      throw new IllegalArgumentException("an entry needs an mtime");
    }
    // insertion order, so the PAX records come out in the order a test wrote them
    xattrs = Collections.unmodifiableMap(new LinkedHashMap<>(xattrs));
  }

  public static EntryAttributes mode(int mode) {
    return new EntryAttributes(mode, 0, 0, FIXED_MTIME, Map.of());
  }

  public EntryAttributes withMode(int newMode) {
    return new EntryAttributes(newMode, uid, gid, mtime, xattrs);
  }

  public EntryAttributes withOwner(long newUid, long newGid) {
    return new EntryAttributes(mode, newUid, newGid, mtime, xattrs);
  }

  public EntryAttributes withMtime(Instant newMtime) {
    return new EntryAttributes(mode, uid, gid, newMtime, xattrs);
  }

  /** Adds an extended attribute, written as a {@code SCHILY.xattr.<name>} PAX record. */
  public EntryAttributes withXattr(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(xattrs);
    more.put(name, value);
    return new EntryAttributes(mode, uid, gid, mtime, more);
  }
}
