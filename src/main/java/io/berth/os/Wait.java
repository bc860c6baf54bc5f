package io.berth.os;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/** {@code waitid(2)} for one process, by pid or by pidfd; never for "any child". */
final class Wait {
  static final int P_PID = 1;
  static final int P_PIDFD = 3;

  static final int WNOHANG = 1;
  static final int WEXITED = 4;
  static final int WNOWAIT = 0x01000000;

  private static final int CLD_EXITED = 1;
  private static final int CLD_KILLED = 2;
  private static final int CLD_DUMPED = 3;

  /** {@code siginfo_t} is 128 bytes; the SIGCHLD fields sit at the same offsets on 64-bit ABIs. */
  private static final long SIGINFO_SIZE = 128;

  private static final long SI_CODE = 8;
  private static final long SI_PID = 16;
  private static final long SI_STATUS = 24;

  private static final MethodHandle WAITID =
      Native.function(
          "waitid", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));

  private Wait() {}

  /**
   * {@code waitid(idType, id, WEXITED | WNOHANG | extraOptions)}: the exit status when the process
   * has ended (reaped, unless {@code extraOptions} holds {@link #WNOWAIT}), or empty while it runs.
   */
  static Optional<ExitStatus> exited(int idType, int id, int extraOptions, String subject)
      throws ErrnoException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = Native.callState(arena);
      MemorySegment info = arena.allocate(SIGINFO_SIZE, 8); // zeroed: si_pid stays 0 if nothing
      int r;
      do {
        r = (int) WAITID.invokeExact(state, idType, id, info, WEXITED | WNOHANG | extraOptions);
      } while (r == -1 && Native.errno(state) == Errno.EINTR);
      Native.check(r, state, "waitid", subject);
      if (info.get(JAVA_INT, SI_PID) == 0) {
        return Optional.empty();
      }
      int status = info.get(JAVA_INT, SI_STATUS);
      return Optional.of(
          switch (info.get(JAVA_INT, SI_CODE)) {
            case CLD_EXITED -> ExitStatus.exited(status & 0xff);
            case CLD_KILLED -> ExitStatus.killed(status, false);
            case CLD_DUMPED -> ExitStatus.killed(status, true);
            default ->
                throw new IllegalStateException(
                    "waitid(%s) with WEXITED reported si_code %d"
                        .formatted(subject, info.get(JAVA_INT, SI_CODE)));
          });
    } catch (ErrnoException e) {
      throw e;
    } catch (Throwable t) {
      throw Native.rethrow(t);
    }
  }
}
