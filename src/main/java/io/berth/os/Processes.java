package io.berth.os;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * Signalling and reaping a process by its pid. A pid can be reused as soon as its process is
 * reaped, so prefer a {@link PidFd} for anything that is not this process's own unreaped child.
 */
public final class Processes {
  private static final MethodHandle KILL =
      Native.function("kill", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));

  private Processes() {}

  /**
   * {@code kill(2)}: sends {@code signal} to {@code pid} (a negative pid is a process group; signal
   * 0 only checks that the process exists). {@link Errno#ESRCH} when no such process exists.
   */
  public static void kill(int pid, int signal) throws ErrnoException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = Native.callState(arena);
      int r = (int) KILL.invokeExact(state, pid, signal);
      Native.check(r, state, "kill", "pid " + pid + ", " + signalName(signal));
    } catch (ErrnoException e) {
      throw e;
    } catch (Throwable t) {
      throw Native.rethrow(t);
    }
  }

  /**
   * Reaps {@code pid} if it has ended ({@code waitid(P_PID, pid, WEXITED | WNOHANG)}): its exit
   * status, or empty while it runs. {@link Errno#ECHILD} when it is not an unreaped child of this
   * process. Only for pids this process owns: reaping a child the JDK started steals its status.
   */
  public static Optional<ExitStatus> reap(int pid) throws ErrnoException {
    if (pid <= 0) {
      throw new IllegalArgumentException("reap takes one process, not pid " + pid);
    }
    return Wait.exited(Wait.P_PID, pid, 0, "pid " + pid);
  }

  static String signalName(int signal) {
    return signal >= 1 && signal <= Signals.MAX ? Signals.name(signal) : "signal " + signal;
  }
}
