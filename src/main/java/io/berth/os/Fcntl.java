package io.berth.os;

/**
 * Flags of {@code open(2)} and the {@code *at(2)} calls, as {@code <fcntl.h>} defines them on
 * Linux. A few {@code O_} values differ between x86-64 and arm64, so they are chosen by
 * architecture.
 */
public final class Fcntl {
  private static final boolean ARM = System.getProperty("os.arch", "").startsWith("aarch64");

  public static final int O_RDONLY = 0;
  public static final int O_WRONLY = 01;
  public static final int O_RDWR = 02;
  public static final int O_CREAT = 0100;
  public static final int O_EXCL = 0200;
  public static final int O_NOCTTY = 0400;
  public static final int O_TRUNC = 01000;
  public static final int O_NONBLOCK = 04000;
  public static final int O_DIRECTORY = ARM ? 040000 : 0200000;
  public static final int O_NOFOLLOW = ARM ? 0100000 : 0400000;
  public static final int O_CLOEXEC = 02000000;
  public static final int O_PATH = 010000000;

  /** The current directory, as the directory argument of an {@code *at} call. */
  public static final int AT_FDCWD = -100;

  public static final int AT_SYMLINK_NOFOLLOW = 0x100;
  public static final int AT_REMOVEDIR = 0x200;
  public static final int AT_SYMLINK_FOLLOW = 0x400;
  public static final int AT_EMPTY_PATH = 0x1000;

  private Fcntl() {}
}
