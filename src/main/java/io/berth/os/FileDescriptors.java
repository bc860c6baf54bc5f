package io.berth.os;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Opening, writing and closing raw file descriptors, for code that must resolve paths itself (one
 * component at a time, relative to a directory it already holds) instead of trusting a path string.
 */
public final class FileDescriptors {
  private static final MethodHandle OPENAT =
      Native.variadicFunction(
          "openat", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), 3);
  private static final MethodHandle CLOSE =
      Native.function("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
  private static final MethodHandle WRITE =
      Native.function("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
  private static final MethodHandle READ =
      Native.function("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
  private static final MethodHandle COPY_FILE_RANGE =
      Native.function(
          "copy_file_range",
          FunctionDescriptor.of(
              JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));

  /** What {@link #read} and {@link #write} return when a non-blocking descriptor is not ready. */
  public static final int WOULD_BLOCK = -1;

  private static final Path DEV_NULL = Path.of("/dev/null");

  private FileDescriptors() {}

  /**
   * {@code openat(2)}: opens {@code path} relative to the directory {@code dirFd} (or {@link
   * Fcntl#AT_FDCWD}); {@code mode} matters only with {@link Fcntl#O_CREAT}.
   */
  public static int openAt(int dirFd, String path, int flags, int mode) throws ErrnoException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = Native.callState(arena);
      int fd = (int) OPENAT.invokeExact(state, dirFd, arena.allocateFrom(path), flags, mode);
      return Native.check(fd, state, "openat", path);
    } catch (ErrnoException e) {
      throw e;
    } catch (Throwable t) {
      throw Native.rethrow(t);
    }
  }

  public static int open(Path path, int flags) throws ErrnoException {
    return openAt(Fcntl.AT_FDCWD, path.toString(), flags, 0);
  }

  /** Opens {@code /dev/null} read-write and close-on-exec, to stand in for a child's stdio. */
  public static int openDevNull() throws ErrnoException {
    return open(DEV_NULL, Fcntl.O_RDWR | Fcntl.O_CLOEXEC);
  }

  /**
   * {@code read(2)} into {@code buffer}, which must be native memory: the number of bytes read, 0
   * at end of file, or {@link #WOULD_BLOCK} when a non-blocking descriptor has nothing to read.
   * Retried when a signal interrupts it.
   */
  public static int read(int fd, MemorySegment buffer) throws ErrnoException {
    long length = Math.min(buffer.byteSize(), Integer.MAX_VALUE);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = Native.callState(arena);
      long n;
      do {
        n = (long) READ.invokeExact(state, fd, buffer, length);
      } while (n == -1 && Native.errno(state) == Errno.EINTR);
      if (n == -1 && Native.errno(state) == Errno.EAGAIN) {
        return WOULD_BLOCK;
      }
      return (int) Native.check(n, state, "read", "fd " + fd);
    } catch (ErrnoException e) {
      throw e;
    } catch (Throwable t) {
      throw Native.rethrow(t);
    }
  }

  /**
   * Like {@link #read(int, MemorySegment)}, into {@code length} bytes of {@code buffer} from {@code
   * offset} (copied through native memory).
   */
  public static int read(int fd, byte[] buffer, int offset, int length) throws ErrnoException {
    Objects.checkFromIndexSize(offset, length, buffer.length);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment staging = arena.allocate(Math.max(length, 1));
      int n = read(fd, staging.asSlice(0, length));
      if (n > 0) {
        MemorySegment.copy(staging, JAVA_BYTE, 0, buffer, offset, n);
      }
      return n;
    }
  }

  /**
   * {@code write(2)} of {@code length} bytes of {@code data} from {@code offset}, once: the number
   * of bytes written (perhaps fewer), or {@link #WOULD_BLOCK} when a non-blocking descriptor is
   * full. Retried when a signal interrupts it. {@link Errno#EPIPE} when no reader is left (the JVM
   * ignores SIGPIPE).
   */
  public static int write(int fd, byte[] data, int offset, int length) throws ErrnoException {
    Objects.checkFromIndexSize(offset, length, data.length);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = Native.callState(arena);
      MemorySegment staging = arena.allocate(Math.max(length, 1));
      MemorySegment.copy(data, offset, staging, JAVA_BYTE, 0, length);
      long n;
      do {
        n = (long) WRITE.invokeExact(state, fd, staging, (long) length);
      } while (n == -1 && Native.errno(state) == Errno.EINTR);
      if (n == -1 && Native.errno(state) == Errno.EAGAIN) {
        return WOULD_BLOCK;
      }
      return (int) Native.check(n, state, "write", "fd " + fd);
    } catch (ErrnoException e) {
      throw e;
    } catch (Throwable t) {
      throw Native.rethrow(t);
    }
  }

  /** {@code close(2)}; a failure is reported, but the descriptor is gone either way. */
  public static void close(int fd) throws ErrnoException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = Native.callState(arena);
      Native.check((int) CLOSE.invokeExact(state, fd), state, "close", "fd " + fd);
    } catch (ErrnoException e) {
      throw e;
    } catch (Throwable t) {
      throw Native.rethrow(t);
    }
  }

  /**
   * Writes the first {@code length} bytes of {@code data}, which must be native memory, going on
   * after short writes and interruptions.
   */
  public static void writeFully(int fd, MemorySegment data, long length) throws ErrnoException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = Native.callState(arena);
      long done = 0;
      while (done < length) {
        long n = (long) WRITE.invokeExact(state, fd, data.asSlice(done), length - done);
        if (n == -1 && Native.errno(state) == Errno.EINTR) {
          continue;
        }
        done += Native.check(n, state, "write", "fd " + fd);
      }
    } catch (ErrnoException e) {
      throw e;
    } catch (Throwable t) {
      throw Native.rethrow(t);
    }
  }

  /**
   * Copies up to {@code length} bytes from the current offset of {@code in} to that of {@code out}
   * inside the kernel ({@code copy_file_range(2)}, which may share extents); returns how many were
   * copied, fewer only when {@code in} ended first.
   */
  public static long copy(int in, int out, long length) throws ErrnoException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = Native.callState(arena);
      long done = 0;
      while (done < length) {
        long n =
            (long)
                COPY_FILE_RANGE.invokeExact(
                    state, in, MemorySegment.NULL, out, MemorySegment.NULL, length - done, 0);
        if (n == -1 && Native.errno(state) == Errno.EINTR) {
          continue;
        }
        if (Native.check(n, state, "copy_file_range", "fd " + in + " to fd " + out) == 0) {
          break;
        }
        done += n;
      }
      return done;
    } catch (ErrnoException e) {
      throw e;
    } catch (Throwable t) {
      throw Native.rethrow(t);
    }
  }
}
