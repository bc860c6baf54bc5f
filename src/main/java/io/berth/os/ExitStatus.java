package io.berth.os;

/**
 * How a process ended, as {@code waitid(2)} reports it: it exited with a code, or a signal killed
 * it (perhaps dumping core).
 */
public sealed interface ExitStatus {
  /** The code a shell reports in {@code $?}: the exit code, or 128 plus the signal number. */
  int shellCode();

  static ExitStatus exited(int code) {
    return new Exited(code);
  }

  static ExitStatus killed(int signal, boolean coreDumped) {
    return new Killed(signal, coreDumped);
  }

  /** The process called {@code exit}, or returned from {@code main}, with {@code code}. */
  record Exited(int code) implements ExitStatus {
    public Exited {
      if (code < 0 || code > 255) {
        throw new IllegalArgumentException("an exit code is 0 to 255, not " + code);
      }
    }

    @Override
    public int shellCode() {
      return code;
    }

    @Override
    public String toString() {
      return "exited with code " + code;
    }
  }

  /** A signal ended the process. */
  record Killed(int signal, boolean coreDumped) implements ExitStatus {
    public Killed {
      if (signal < 1 || signal > Signals.MAX) {
        throw new IllegalArgumentException("no signal has number " + signal);
      }
    }

    @Override
    public int shellCode() {
      return 128 + signal;
    }

    @Override
    public String toString() {
      return "killed by " + Signals.name(signal) + (coreDumped ? " (core dumped)" : "");
    }
  }
}
