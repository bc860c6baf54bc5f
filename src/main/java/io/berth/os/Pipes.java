package io.berth.os;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * FIFOs and pipes for a container's output.
 *
 * <p>A container's stdout and stderr are FIFOs that both sides open <em>read-write</em>. The agent
 * holds one open file for reading ({@link #openReadEnd}: non-blocking, for the {@link EventLoop});
 * the child gets another ({@link #openWriteEnd}: blocking, so that a full FIFO makes the container
 * wait instead of failing with {@code EAGAIN}). Because the child's own file is open for reading
 * too, a write never meets a FIFO without readers: the container gets no SIGPIPE while the agent is
 * down, and the restarted agent opens the FIFO again. The other side of the rule: the agent never
 * sees end of file, so it stops reading when the process is reaped and the FIFO is drained.
 */
public final class Pipes {
  private static final int F_SETPIPE_SZ = 1031;
  private static final int F_GETPIPE_SZ = 1032;
  private static final Path PIPE_MAX_SIZE = Path.of("/proc/sys/fs/pipe-max-size");

  private static final MethodHandle MKFIFO =
      Native.function("mkfifo", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
  private static final MethodHandle PIPE2 =
      Native.function("pipe2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
  private static final MethodHandle FCNTL =
      Native.variadicFunction(
          "fcntl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), 2);

  private Pipes() {}

  /** {@code mkfifo(3)}: creates a FIFO at {@code path}; the umask applies to {@code mode}. */
  public static void makeFifo(Path path, int mode) throws ErrnoException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = Native.callState(arena);
      int r = (int) MKFIFO.invokeExact(state, arena.allocateFrom(path.toString()), mode);
      Native.check(r, state, "mkfifo", path);
    } catch (ErrnoException e) {
      throw e;
    } catch (Throwable t) {
      throw Native.rethrow(t);
    }
  }

  /**
   * Opens the FIFO {@code O_RDWR | O_NONBLOCK | O_CLOEXEC}, as the agent's reading end: it never
   * blocks (not even while no writer exists) and is never given to a child.
   */
  public static int openReadEnd(Path fifo) throws ErrnoException {
    return FileDescriptors.open(fifo, Fcntl.O_RDWR | Fcntl.O_NONBLOCK | Fcntl.O_CLOEXEC);
  }

  /**
   * Opens the FIFO {@code O_RDWR | O_CLOEXEC}, blocking, as a child's stdout or stderr ({@link
   * SpawnRequest#withStdout}; {@code dup2} clears close-on-exec on the child's copy). Close this
   * process's copy once the child has started.
   */
  public static int openWriteEnd(Path fifo) throws ErrnoException {
    return FileDescriptors.open(fifo, Fcntl.O_RDWR | Fcntl.O_CLOEXEC);
  }

  /**
   * {@code pipe2(2)} with {@code flags} ({@link Fcntl#O_CLOEXEC}, {@link Fcntl#O_NONBLOCK}), which
   * apply to both ends.
   */
  public static Pipe pipe(int flags) throws ErrnoException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = Native.callState(arena);
      MemorySegment fds = arena.allocate(JAVA_INT, 2);
      Native.check((int) PIPE2.invokeExact(state, fds, flags), state, "pipe2", "flags " + flags);
      return new Pipe(fds.getAtIndex(JAVA_INT, 0), fds.getAtIndex(JAVA_INT, 1));
    } catch (ErrnoException e) {
      throw e;
    } catch (Throwable t) {
      throw Native.rethrow(t);
    }
  }

  /** The capacity of the pipe or FIFO open as {@code fd}, in bytes ({@code F_GETPIPE_SZ}). */
  public static int bufferSize(int fd) throws ErrnoException {
    return fcntl(fd, F_GETPIPE_SZ, 0, "F_GETPIPE_SZ");
  }

  /**
   * Sets the capacity of the pipe or FIFO open as {@code fd} ({@code F_SETPIPE_SZ}) and returns the
   * capacity the kernel chose: at least {@code bytes}, rounded up to a power-of-two number of
   * pages. Above {@link #maxBufferSize} only with {@code CAP_SYS_RESOURCE}, else {@link
   * Errno#EPERM}; {@link Errno#EBUSY} when {@code bytes} is less than the data the pipe holds.
   */
  public static int setBufferSize(int fd, int bytes) throws ErrnoException {
    return fcntl(fd, F_SETPIPE_SZ, bytes, "F_SETPIPE_SZ, " + bytes);
  }

  /** {@code /proc/sys/fs/pipe-max-size}: the most an unprivileged process may ask for. */
  public static int maxBufferSize() throws IOException {
    // Not Files.readString: it reads a file of size 0 one byte first, and a sysctl read from an
    // offset other than 0 ends at once, leaving "1".
    return Integer.parseInt(Files.readAllLines(PIPE_MAX_SIZE).getFirst().strip());
  }

  private static int fcntl(int fd, int command, int argument, String what) throws ErrnoException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = Native.callState(arena);
      int r = (int) FCNTL.invokeExact(state, fd, command, argument);
      return Native.check(r, state, "fcntl", "fd " + fd + ", " + what);
    } catch (ErrnoException e) {
      throw e;
    } catch (Throwable t) {
      throw Native.rethrow(t);
    }
  }
}
