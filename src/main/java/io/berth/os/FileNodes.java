package io.berth.os;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;

/**
 * Creating and removing names in a directory held open as a descriptor: directories, device nodes
 * and fifos, symbolic and hard links. Every call names its entry relative to a directory descriptor
 * so that the caller decides how paths are resolved; none follows a final symbolic link.
 */
public final class FileNodes {
  private static final int PATH_MAX = 4096;

  private static final MethodHandle MKDIRAT =
      Native.function("mkdirat", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
  private static final MethodHandle MKNODAT =
      Native.function(
          "mknodat", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG));
  private static final MethodHandle SYMLINKAT =
      Native.function("symlinkat", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
  private static final MethodHandle LINKAT =
      Native.function(
          "linkat",
          FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT));
  private static final MethodHandle UNLINKAT =
      Native.function("unlinkat", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
  private static final MethodHandle READLINKAT =
      Native.function(
          "readlinkat", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG));

  private FileNodes() {}

  /** {@code mkdirat(2)}; the process umask applies to {@code mode}. */
  public static void makeDirectory(int dirFd, String name, int mode) throws ErrnoException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = Native.callState(arena);
      int r = (int) MKDIRAT.invokeExact(state, dirFd, arena.allocateFrom(name), mode);
      Native.check(r, state, "mkdirat", name);
    } catch (ErrnoException e) {
      throw e;
    } catch (Throwable t) {
      throw Native.rethrow(t);
    }
  }

  /**
   * {@code mknodat(2)}: {@code mode} holds the type ({@link FileStatus#S_IFCHR}, {@link
   * FileStatus#S_IFBLK}, {@link FileStatus#S_IFIFO}) and the permissions (the umask applies).
   */
  public static void makeNode(int dirFd, String name, int mode, int major, int minor)
      throws ErrnoException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = Native.callState(arena);
      int r =
          (int)
              MKNODAT.invokeExact(
                  state, dirFd, arena.allocateFrom(name), mode, deviceNumber(major, minor));
      Native.check(r, state, "mknodat", name);
    } catch (ErrnoException e) {
      throw e;
    } catch (Throwable t) {
      throw Native.rethrow(t);
    }
  }

  /** {@code makedev(3)} as glibc encodes it: 32-bit major and minor numbers. */
  static long deviceNumber(int major, int minor) {
    long ma = Integer.toUnsignedLong(major);
    long mi = Integer.toUnsignedLong(minor);
    return ((ma & 0xfffff000L) << 32)
        | ((ma & 0xfffL) << 8)
        | ((mi & 0xffffff00L) << 12)
        | (mi & 0xffL);
  }

  /** {@code symlinkat(2)}: {@code target} is stored as it is and never resolved here. */
  public static void makeSymbolicLink(String target, int dirFd, String name) throws ErrnoException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = Native.callState(arena);
      int r =
          (int)
              SYMLINKAT.invokeExact(
                  state, arena.allocateFrom(target), dirFd, arena.allocateFrom(name));
      Native.check(r, state, "symlinkat", name + " -> " + target);
    } catch (ErrnoException e) {
      throw e;
    } catch (Throwable t) {
      throw Native.rethrow(t);
    }
  }

  /**
   * {@code linkat(2)} with no flags: when {@code fromName} is a symbolic link the new name links to
   * the link itself, never to what it points at.
   */
  public static void makeHardLink(int fromDirFd, String fromName, int toDirFd, String toName)
      throws ErrnoException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = Native.callState(arena);
      int r =
          (int)
              LINKAT.invokeExact(
                  state,
                  fromDirFd,
                  arena.allocateFrom(fromName),
                  toDirFd,
                  arena.allocateFrom(toName),
                  0);
      Native.check(r, state, "linkat", toName + " => " + fromName);
    } catch (ErrnoException e) {
      throw e;
    } catch (Throwable t) {
      throw Native.rethrow(t);
    }
  }

  /** {@code unlinkat(2)}; with {@link Fcntl#AT_REMOVEDIR} it removes an empty directory. */
  public static void remove(int dirFd, String name, int flags) throws ErrnoException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = Native.callState(arena);
      int r = (int) UNLINKAT.invokeExact(state, dirFd, arena.allocateFrom(name), flags);
      Native.check(r, state, "unlinkat", name);
    } catch (ErrnoException e) {
      throw e;
    } catch (Throwable t) {
      throw Native.rethrow(t);
    }
  }

  /** {@code readlinkat(2)}: the content of the symbolic link {@code name}, as UTF-8. */
  public static String readSymbolicLink(int dirFd, String name) throws ErrnoException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = Native.callState(arena);
      MemorySegment buffer = arena.allocate(PATH_MAX);
      long n =
          (long)
              READLINKAT.invokeExact(
                  state, dirFd, arena.allocateFrom(name), buffer, (long) PATH_MAX);
      Native.check(n, state, "readlinkat", name);
      return new String(buffer.asSlice(0, n).toArray(JAVA_BYTE), StandardCharsets.UTF_8);
    } catch (ErrnoException e) {
      throw e;
    } catch (Throwable t) {
      throw Native.rethrow(t);
    }
  }
}
