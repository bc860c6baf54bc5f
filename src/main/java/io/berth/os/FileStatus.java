package io.berth.os;

/**
 * What {@code statx(2)} tells about one inode (never following a final symbolic link where the
 * caller asked so). {@code mode} holds the type bits ({@link #S_IFMT}) and the permission bits.
 */
public record FileStatus(
    int mode,
    int uid,
    int gid,
    long size,
    long nlink,
    long inode,
    long mtimeSeconds,
    int mtimeNanos,
    int rdevMajor,
    int rdevMinor) {
  public static final int S_IFMT = 0170000;
  public static final int S_IFSOCK = 0140000;
  public static final int S_IFLNK = 0120000;
  public static final int S_IFREG = 0100000;
  public static final int S_IFBLK = 0060000;
  public static final int S_IFDIR = 0040000;
  public static final int S_IFCHR = 0020000;
  public static final int S_IFIFO = 0010000;

  public int type() {
    return mode & S_IFMT;
  }

  /** The permission bits, setuid, setgid and sticky included. */
  public int permissions() {
    return mode & 07777;
  }

  public boolean isDirectory() {
    return type() == S_IFDIR;
  }

  public boolean isRegularFile() {
    return type() == S_IFREG;
  }

  public boolean isSymbolicLink() {
    return type() == S_IFLNK;
  }

  /** Overlayfs marks a deleted name with a character device 0/0, a whiteout. */
  public boolean isWhiteout() {
    return type() == S_IFCHR && rdevMajor == 0 && rdevMinor == 0;
  }
}
