package io.berth.testing;

import io.berth.spec.Digest;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One thing an unpacked image's root filesystem must show. Modes are permission bits ({@code
 * 07777}); xattrs are {@code user.*} attributes that must be present with these values.
 */
public sealed interface ExpectedEntry {

  String path();

  record File(String path, Digest content, int mode, long uid, long gid, Map<String, String> xattrs)
      implements ExpectedEntry {
    public File {
      xattrs = Map.copyOf(xattrs);
    }

    public static File of(String path, String text, int mode) {
      return new File(
          path, Digest.sha256(text.getBytes(StandardCharsets.UTF_8)), mode, 0, 0, Map.of());
    }

    public File ownedBy(long newUid, long newGid) {
      return new File(path, content, mode, newUid, newGid, xattrs);
    }

    public File withXattrs(Map<String, String> values) {
      return new File(path, content, mode, uid, gid, values);
    }
  }

  record Directory(String path, int mode, long uid, long gid, Map<String, String> xattrs)
      implements ExpectedEntry {
    public Directory {
      xattrs = Map.copyOf(xattrs);
    }

    public static Directory of(String path, int mode) {
      return new Directory(path, mode, 0, 0, Map.of());
    }
  }

  record Symlink(String path, String target) implements ExpectedEntry {}

  record Device(String path, TarEntry.DeviceKind kind, int major, int minor, int mode)
      implements ExpectedEntry {}

  record Fifo(String path, int mode) implements ExpectedEntry {}

  /** {@code path} and {@code other} are hard links to one inode. */
  record SameInode(String path, String other) implements ExpectedEntry {}

  /** {@code path} and {@code other} both exist and are different inodes (a broken hard link). */
  record DifferentInode(String path, String other) implements ExpectedEntry {}

  /** Nothing at {@code path}: deleted by a whiteout or hidden by an opaque directory. */
  record Absent(String path) implements ExpectedEntry {}
}
