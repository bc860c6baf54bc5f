package io.berth.image.unpack;

import java.util.Map;

/**
 * One tar entry with PAX and GNU extensions applied. {@code name} and {@code linkName} are as the
 * archive spells them (not yet cleaned); {@code mode} holds permission, setuid, setgid and sticky
 * bits only; {@code xattrs} come from {@code SCHILY.xattr.*} records.
 */
record TarEntry(
    String name,
    EntryType type,
    long size,
    int mode,
    int uid,
    int gid,
    long mtimeSeconds,
    int mtimeNanos,
    String linkName,
    int devMajor,
    int devMinor,
    Map<String, byte[]> xattrs,
    long offset) {
  TarEntry {
    if (name == null || type == null || linkName == null || xattrs == null) {
      throw new IllegalArgumentException("a tar entry needs a name, a type, a link name, xattrs");
    }
    if (size < 0 || (type.headerOnly() && size != 0)) {
      throw new IllegalArgumentException("bad size %d for %s %s".formatted(size, type, name));
    }
    if ((mode & ~07777) != 0 || mtimeNanos < 0 || mtimeNanos > 999_999_999) {
      throw new IllegalArgumentException("bad mode or time for " + name);
    }
  }
}
