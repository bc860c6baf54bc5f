package io.berth.os;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * A process descriptor ({@code pidfd_open(2)}): it names one process for as long as it is open,
 * even after the pid is reused, so signals cannot reach a stranger. It becomes readable (for {@link
 * EventLoop}) when the process has ended, and {@link #reap} collects this one process only.
 *
 * <p>Thread-safe; {@link #close} waits for a call in progress, so the descriptor number is never
 * used after it has been closed (and perhaps handed out again).
 */
public final class PidFd implements AutoCloseable {
  private static final long SYS_PIDFD_SEND_SIGNAL = 424;
  private static final long SYS_PIDFD_OPEN = 434;

  private static final MethodHandle PIDFD_OPEN =
      Native.syscall(FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG));
  private static final MethodHandle PIDFD_SEND_SIGNAL =
      Native.syscall(
          FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_LONG));

  private final int pid;
  private final int fd;
  private boolean closed;

  private PidFd(int pid, int fd) {
    this.pid = pid;
    this.fd = fd;
  }

  /**
   * Opens a descriptor for {@code pid} (close-on-exec, as pidfds always are). {@link Errno#ESRCH}
   * when no such process exists; a zombie still has its pid and can be opened.
   */
  public static PidFd open(int pid) throws ErrnoException {
    if (pid <= 0) {
      throw new IllegalArgumentException("a pidfd names one process, not pid " + pid);
    }
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = Native.callState(arena);
      long fd = (long) PIDFD_OPEN.invokeExact(state, SYS_PIDFD_OPEN, (long) pid, 0L);
      Native.check(fd, state, "pidfd_open", "pid " + pid);
      return new PidFd(pid, (int) fd);
    } catch (ErrnoException e) {
      throw e;
    } catch (Throwable t) {
      throw Native.rethrow(t);
    }
  }

  public int pid() {
    return pid;
  }

  /** The descriptor, to register with an {@link EventLoop}; valid until {@link #close}. */
  public int fd() {
    return fd;
  }

  /**
   * {@code pidfd_send_signal(2)}. {@link Errno#ESRCH} once the process has ended (even while it is
   * an unreaped zombie).
   */
  public synchronized void sendSignal(int signal) throws ErrnoException {
    ensureOpen();
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = Native.callState(arena);
      long r =
          (long)
              PIDFD_SEND_SIGNAL.invokeExact(
                  state, SYS_PIDFD_SEND_SIGNAL, (long) fd, (long) signal, MemorySegment.NULL, 0L);
      Native.check(
          r, state, "pidfd_send_signal", "pid " + pid + ", " + Processes.signalName(signal));
    } catch (ErrnoException e) {
      throw e;
    } catch (Throwable t) {
      throw Native.rethrow(t);
    }
  }

  /**
   * Reaps the process if it has ended ({@code waitid(P_PIDFD, fd, WEXITED | WNOHANG)}): its exit
   * status, or empty while it runs. {@link Errno#ECHILD} when it is not an unreaped child of this
   * process (a child of any of its threads).
   */
  public synchronized Optional<ExitStatus> reap() throws ErrnoException {
    ensureOpen();
    return Wait.exited(Wait.P_PIDFD, fd, 0, "pid " + pid);
  }

  /**
   * Whether the process is an unreaped child of this process, so that {@link #reap} can collect it;
   * looks without reaping ({@code WNOWAIT}).
   */
  public synchronized boolean isChild() throws ErrnoException {
    ensureOpen();
    try {
      Wait.exited(Wait.P_PIDFD, fd, Wait.WNOWAIT, "pid " + pid);
      return true;
    } catch (ErrnoException e) {
      if (e.errno() == Errno.ECHILD) {
        return false;
      }
      throw e;
    }
  }

  /** Closes the descriptor; later calls on this object fail. Idempotent. */
  @Override
  public synchronized void close() throws ErrnoException {
    if (!closed) {
      closed = true;
      FileDescriptors.close(fd);
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("the pidfd of pid " + pid + " is closed");
    }
  }

  @Override
  public String toString() {
    return "pidfd " + fd + " of pid " + pid;
  }
}
