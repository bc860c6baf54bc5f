package io.berth.os;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/**
 * Files inside a root filesystem (a container's mounted rootfs), opened with {@code openat2(2)} and
 * {@code RESOLVE_IN_ROOT}: every path, and every symbolic link met on the way, is resolved as if
 * the root were {@code /}, so {@code etc/passwd -> /etc/shadow} or {@code ../../etc/shadow} stay
 * inside it. Magic links ({@code /proc/self/root} and the like) are refused ({@code
 * RESOLVE_NO_MAGICLINKS}); they could lead anywhere.
 */
public final class RootedFiles {
  public static final long RESOLVE_NO_XDEV = 0x01;
  public static final long RESOLVE_NO_MAGICLINKS = 0x02;
  public static final long RESOLVE_NO_SYMLINKS = 0x04;
  public static final long RESOLVE_BENEATH = 0x08;
  public static final long RESOLVE_IN_ROOT = 0x10;

  private static final long SYS_OPENAT2 = 437;

  /** {@code struct open_how}: u64 flags, u64 mode, u64 resolve. */
  private static final long OPEN_HOW_SIZE = 24;

  private static final MethodHandle OPENAT2 =
      Native.syscall(
          FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG));

  private RootedFiles() {}

  /**
   * Opens {@code path} inside the directory {@code rootFd} as if it were {@code /}, with open
   * {@code flags} (add {@link Fcntl#O_CLOEXEC}) and resolve flags {@code resolve}, to which {@code
   * RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS} are always added.
   */
  public static int open(int rootFd, String path, int flags, long resolve) throws ErrnoException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = Native.callState(arena);
      MemorySegment how = arena.allocate(OPEN_HOW_SIZE, 8);
      how.set(JAVA_LONG, 0, Integer.toUnsignedLong(flags));
      how.set(JAVA_LONG, 8, 0L);
      how.set(JAVA_LONG, 16, resolve | RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS);
      long fd =
          (long)
              OPENAT2.invokeExact(
                  state, SYS_OPENAT2, (long) rootFd, arena.allocateFrom(path), how, OPEN_HOW_SIZE);
      return (int) Native.check(fd, state, "openat2", path);
    } catch (ErrnoException e) {
      throw e;
    } catch (Throwable t) {
      throw Native.rethrow(t);
    }
  }

  /**
   * Reads the regular file {@code path} inside {@code root} (for instance {@code /etc/passwd} of an
   * image), following symbolic links only within the root.
   *
   * @throws ErrnoException {@link Errno#ENOENT} when it is missing
   * @throws IOException when it is not a regular file (a FIFO or device would block or never end)
   *     or larger than {@code maxBytes}
   */
  public static byte[] read(Path root, String path, int maxBytes) throws IOException {
    int rootFd = FileDescriptors.open(root, Fcntl.O_PATH | Fcntl.O_DIRECTORY | Fcntl.O_CLOEXEC);
    try {
      int fd =
          open(
              rootFd,
              path,
              Fcntl.O_RDONLY | Fcntl.O_NONBLOCK | Fcntl.O_CLOEXEC | Fcntl.O_NOCTTY,
              0);
      try {
        FileStatus status = Inodes.status(fd);
        if (!status.isRegularFile()) {
          throw new IOException("%s in %s is not a regular file".formatted(path, root));
        }
        if (status.size() > maxBytes) {
          throw new IOException(
              "%s in %s has %d bytes, more than the %d allowed"
                  .formatted(path, root, status.size(), maxBytes));
        }
        return readAll(fd, status.size(), maxBytes, path, root);
      } finally {
        FileDescriptors.close(fd);
      }
    } finally {
      FileDescriptors.close(rootFd);
    }
  }

  /**
   * Reads to the end, into a buffer the size statx reported (plus one, to see the end) that grows
   * only if the file did: a buffer of {@code maxBytes} zeroed for every small file cost more than
   * reading it.
   */
  private static byte[] readAll(int fd, long size, int maxBytes, String path, Path root)
      throws IOException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment buffer = arena.allocate(Math.min(size, maxBytes) + 1);
      long total = 0;
      while (total <= maxBytes) {
        if (total == buffer.byteSize()) { // it grew since statx
          MemorySegment larger = arena.allocate(Math.min(buffer.byteSize() * 2, maxBytes + 1L));
          larger.copyFrom(buffer);
          buffer = larger;
        }
        int n = FileDescriptors.read(fd, buffer.asSlice(total));
        if (n <= 0) {
          break; // end of file; a regular file never reports EAGAIN
        }
        total += n;
      }
      if (total > maxBytes) {
        throw new IOException(
            "%s in %s has more than the %d bytes allowed".formatted(path, root, maxBytes));
      }
      return buffer.asSlice(0, total).toArray(JAVA_BYTE);
    }
  }
}
