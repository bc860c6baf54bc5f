package io.berth.os;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * The metadata of an inode: owner, mode, times and status. Each call comes in two forms: on an open
 * descriptor, and on a name relative to a directory descriptor (with {@link
 * Fcntl#AT_SYMLINK_NOFOLLOW} where the kernel supports it).
 *
 * <p>Order matters to callers: {@code chown} clears setuid, setgid and file capabilities, so set
 * the owner first, then the mode, then extended attributes.
 */
public final class Inodes {
  private static final MethodHandle FCHOWN =
      Native.function("fchown", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
  private static final MethodHandle FCHOWNAT =
      Native.function(
          "fchownat",
          FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT));
  private static final MethodHandle FCHMOD =
      Native.function("fchmod", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
  private static final MethodHandle FCHMODAT =
      Native.function(
          "fchmodat", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
  private static final MethodHandle UTIMENSAT =
      Native.function(
          "utimensat", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
  private static final MethodHandle FUTIMENS =
      Native.function("futimens", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
  private static final MethodHandle STATX =
      Native.function(
          "statx", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS));

  private static final int STATX_BASIC_STATS = 0x7ff;
  private static final long STATX_SIZE = 256;

  private Inodes() {}

  public static void chown(int fd, int uid, int gid) throws ErrnoException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = Native.callState(arena);
      Native.check((int) FCHOWN.invokeExact(state, fd, uid, gid), state, "fchown", "fd " + fd);
    } catch (ErrnoException e) {
      throw e;
    } catch (Throwable t) {
      throw Native.rethrow(t);
    }
  }

  public static void chown(int dirFd, String name, int uid, int gid, int flags)
      throws ErrnoException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = Native.callState(arena);
      int r = (int) FCHOWNAT.invokeExact(state, dirFd, arena.allocateFrom(name), uid, gid, flags);
      Native.check(r, state, "fchownat", name);
    } catch (ErrnoException e) {
      throw e;
    } catch (Throwable t) {
      throw Native.rethrow(t);
    }
  }

  /** {@code fchmod(2)}: {@code mode} may include setuid, setgid and sticky; no umask applies. */
  public static void chmod(int fd, int mode) throws ErrnoException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = Native.callState(arena);
      Native.check((int) FCHMOD.invokeExact(state, fd, mode), state, "fchmod", "fd " + fd);
    } catch (ErrnoException e) {
      throw e;
    } catch (Throwable t) {
      throw Native.rethrow(t);
    }
  }

  /**
   * {@code fchmodat(2)}. It always follows a final symbolic link (glibc refuses {@link
   * Fcntl#AT_SYMLINK_NOFOLLOW} on older kernels), so call it only on a name known not to be one.
   */
  public static void chmod(int dirFd, String name, int mode) throws ErrnoException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = Native.callState(arena);
      int r = (int) FCHMODAT.invokeExact(state, dirFd, arena.allocateFrom(name), mode, 0);
      Native.check(r, state, "fchmodat", name);
    } catch (ErrnoException e) {
      throw e;
    } catch (Throwable t) {
      throw Native.rethrow(t);
    }
  }

  /** {@code futimens(2)}: sets access and modification time of an open file. */
  public static void setTimes(
      int fd, long atimeSeconds, int atimeNanos, long mtimeSeconds, int mtimeNanos)
      throws ErrnoException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = Native.callState(arena);
      MemorySegment times = timespecs(arena, atimeSeconds, atimeNanos, mtimeSeconds, mtimeNanos);
      Native.check((int) FUTIMENS.invokeExact(state, fd, times), state, "futimens", "fd " + fd);
    } catch (ErrnoException e) {
      throw e;
    } catch (Throwable t) {
      throw Native.rethrow(t);
    }
  }

  /** {@code utimensat(2)} on {@code name} relative to {@code dirFd}. */
  public static void setTimes(
      int dirFd,
      String name,
      long atimeSeconds,
      int atimeNanos,
      long mtimeSeconds,
      int mtimeNanos,
      int flags)
      throws ErrnoException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = Native.callState(arena);
      MemorySegment times = timespecs(arena, atimeSeconds, atimeNanos, mtimeSeconds, mtimeNanos);
      int r = (int) UTIMENSAT.invokeExact(state, dirFd, arena.allocateFrom(name), times, flags);
      Native.check(r, state, "utimensat", name);
    } catch (ErrnoException e) {
      throw e;
    } catch (Throwable t) {
      throw Native.rethrow(t);
    }
  }

  private static MemorySegment timespecs(
      Arena arena, long atimeSeconds, int atimeNanos, long mtimeSeconds, int mtimeNanos) {
    MemorySegment times = arena.allocate(JAVA_LONG, 4);
    times.setAtIndex(JAVA_LONG, 0, atimeSeconds);
    times.setAtIndex(JAVA_LONG, 1, atimeNanos);
    times.setAtIndex(JAVA_LONG, 2, mtimeSeconds);
    times.setAtIndex(JAVA_LONG, 3, mtimeNanos);
    return times;
  }

  /** {@code statx(2)} of an open descriptor. */
  public static FileStatus status(int fd) throws ErrnoException {
    return status(fd, "", Fcntl.AT_EMPTY_PATH);
  }

  /**
   * {@code statx(2)} of {@code name} relative to {@code dirFd}; with {@link
   * Fcntl#AT_SYMLINK_NOFOLLOW} a final symbolic link is described, not followed.
   */
  public static FileStatus status(int dirFd, String name, int flags) throws ErrnoException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = Native.callState(arena);
      MemorySegment buf = arena.allocate(STATX_SIZE, 8);
      int r =
          (int)
              STATX.invokeExact(
                  state, dirFd, arena.allocateFrom(name), flags, STATX_BASIC_STATS, buf);
      Native.check(r, state, "statx", name.isEmpty() ? "fd " + dirFd : name);
      // struct statx is the same on every architecture (include/uapi/linux/stat.h)
      return new FileStatus(
          Short.toUnsignedInt(buf.get(JAVA_SHORT, 28)),
          buf.get(JAVA_INT, 20),
          buf.get(JAVA_INT, 24),
          buf.get(JAVA_LONG, 40),
          Integer.toUnsignedLong(buf.get(JAVA_INT, 16)),
          buf.get(JAVA_LONG, 32),
          buf.get(JAVA_LONG, 112),
          buf.get(JAVA_INT, 120),
          buf.get(JAVA_INT, 128),
          buf.get(JAVA_INT, 132));
    } catch (ErrnoException e) {
      throw e;
    } catch (Throwable t) {
      throw Native.rethrow(t);
    }
  }
}
