package io.berth.testing;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The metadata of a tar entry: permission bits (with setuid, setgid and sticky), owner, mtime,
 * extended attributes, and any other PAX records. The mtime defaults to a fixed instant so that the
 * same layer is the same blob, with the same digest, every time a test builds it.
 *
 * @param mtime written with its nanoseconds (a PAX {@code mtime} record) when it has any
 * @param paxRecords written as given, after the xattrs: for headers no ordinary file has (a
 *     comment, an oversized record); a key commons-compress knows ({@code path}, {@code size},
 *     {@code mtime}, ...) sets that field of the entry instead
 */
public record EntryAttributes(
    int mode,
    long uid,
    long gid,
    Instant mtime,
    Map<String, String> xattrs,
    Map<String, String> paxRecords) {
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
    paxRecords = Collections.unmodifiableMap(new LinkedHashMap<>(paxRecords));
  }

  public static EntryAttributes mode(int mode) {
    return new EntryAttributes(mode, 0, 0, FIXED_MTIME, Map.of(), Map.of());
  }

  public EntryAttributes withMode(int newMode) {
    return new EntryAttributes(newMode, uid, gid, mtime, xattrs, paxRecords);
  }

  public EntryAttributes withOwner(long newUid, long newGid) {
    return new EntryAttributes(mode, newUid, newGid, mtime, xattrs, paxRecords);
  }

  public EntryAttributes withMtime(Instant newMtime) {
    return new EntryAttributes(mode, uid, gid, newMtime, xattrs, paxRecords);
  }

  /** Adds an extended attribute, written as a {@code SCHILY.xattr.<name>} PAX record. */
  public EntryAttributes withXattr(String name, String value) {
    return new EntryAttributes(mode, uid, gid, mtime, with(xattrs, name, value), paxRecords);
  }

  /** Adds a PAX record {@code key=value} to the entry's extended header, verbatim. */
  public EntryAttributes withPaxRecord(String key, String value) {
    return new EntryAttributes(mode, uid, gid, mtime, xattrs, with(paxRecords, key, value));
  }

  private static Map<String, String> with(Map<String, String> map, String key, String value) {
    Map<String, String> more = new LinkedHashMap<>(map);
    more.put(key, value);
    return more;
  }
}
