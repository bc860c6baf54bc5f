package io.berth.os;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.FunctionDescriptor;
import java.lang.invoke.MethodHandle;
import java.util.Locale;

/**
 * Signal numbers and their names, as Linux numbers them on x86-64 and arm64 (the generic table),
 * and as users write them in a config or on a command line: {@code TERM}, {@code SIGTERM}, {@code
 * 15}, {@code SIGRTMIN+3}, {@code RTMAX-1}.
 *
 * <p>The real-time range is glibc's: {@code SIGRTMIN} is 34, because glibc keeps 32 and 33 for its
 * own threads. Numbers 32 and 33 are valid signals all the same; they have no name and print as
 * their number.
 */
public final class Signals {
  public static final int SIGHUP = 1;
  public static final int SIGINT = 2;
  public static final int SIGQUIT = 3;
  public static final int SIGILL = 4;
  public static final int SIGTRAP = 5;
  public static final int SIGABRT = 6;
  public static final int SIGBUS = 7;
  public static final int SIGFPE = 8;
  public static final int SIGKILL = 9;
  public static final int SIGUSR1 = 10;
  public static final int SIGSEGV = 11;
  public static final int SIGUSR2 = 12;
  public static final int SIGPIPE = 13;
  public static final int SIGALRM = 14;
  public static final int SIGTERM = 15;
  public static final int SIGSTKFLT = 16;
  public static final int SIGCHLD = 17;
  public static final int SIGCONT = 18;
  public static final int SIGSTOP = 19;
  public static final int SIGTSTP = 20;
  public static final int SIGTTIN = 21;
  public static final int SIGTTOU = 22;
  public static final int SIGURG = 23;
  public static final int SIGXCPU = 24;
  public static final int SIGXFSZ = 25;
  public static final int SIGVTALRM = 26;
  public static final int SIGPROF = 27;
  public static final int SIGWINCH = 28;
  public static final int SIGIO = 29;
  public static final int SIGPWR = 30;
  public static final int SIGSYS = 31;

  /** The highest signal number (the kernel's {@code _NSIG - 1}). */
  public static final int MAX = 64;

  private static final String[] NAMES = {
    null, "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2",
    "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG", "XCPU",
    "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS"
  };

  private static final MethodHandle SIGRTMIN =
      Native.plainFunction("__libc_current_sigrtmin", FunctionDescriptor.of(JAVA_INT));
  private static final MethodHandle SIGRTMAX =
      Native.plainFunction("__libc_current_sigrtmax", FunctionDescriptor.of(JAVA_INT));
  private static final int RTMIN = call(SIGRTMIN);
  private static final int RTMAX = call(SIGRTMAX);

  private Signals() {}

  /** {@code SIGRTMIN} as glibc defines it in this process (34). */
  public static int realtimeMin() {
    return RTMIN;
  }

  /** {@code SIGRTMAX} (64). */
  public static int realtimeMax() {
    return RTMAX;
  }

  /**
   * The number of a signal written as a name with or without {@code SIG} in any case ({@code TERM},
   * {@code SIGTERM}, {@code sigterm}), a number from 1 to 64, or a real-time signal relative to
   * either end of the range ({@code SIGRTMIN}, {@code SIGRTMIN+3}, {@code RTMAX-2}).
   *
   * @throws IllegalArgumentException naming the text and what is accepted
   */
  public static int parse(String text) {
    String s = text.strip().toUpperCase(Locale.ROOT);
    if (!s.isEmpty() && s.chars().allMatch(c -> c >= '0' && c <= '9')) {
      int n = s.length() > 3 ? -1 : Integer.parseInt(s);
      if (n >= 1 && n <= MAX) {
        return n;
      }
      throw unknown(text);
    }
    String name = s.startsWith("SIG") ? s.substring(3) : s;
    for (int n = 1; n < NAMES.length; n++) {
      if (NAMES[n].equals(name)) {
        return n;
      }
    }
    switch (name) {
      case "IOT" -> { // old aliases other tools accept
        return SIGABRT;
      }
      case "POLL" -> {
        return SIGIO;
      }
      case "CLD" -> {
        return SIGCHLD;
      }
      default -> {}
    }
    int realtime = realtime(name);
    if (realtime < 0) {
      throw unknown(text);
    }
    return realtime;
  }

  private static int realtime(String name) {
    boolean fromMin = name.startsWith("RTMIN");
    if (!fromMin && !name.startsWith("RTMAX")) {
      return -1;
    }
    String rest = name.substring(5);
    int offset = 0;
    if (!rest.isEmpty()) {
      char sign = rest.charAt(0);
      String digits = rest.substring(1);
      if ((fromMin ? sign != '+' : sign != '-')
          || digits.isEmpty()
          || digits.length() > 2
          || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
        return -1;
      }
      offset = Integer.parseInt(digits);
    }
    int n = fromMin ? RTMIN + offset : RTMAX - offset;
    return n >= RTMIN && n <= RTMAX ? n : -1;
  }

  /**
   * The name of {@code signal}: {@code SIGTERM}, {@code SIGRTMIN+3}; 32 and 33 as their numbers.
   * {@link #parse} reads every name back to its number.
   */
  public static String name(int signal) {
    if (signal >= 1 && signal < NAMES.length) {
      return "SIG" + NAMES[signal];
    }
    if (signal >= RTMIN && signal <= RTMAX) {
      return signal == RTMIN ? "SIGRTMIN" : "SIGRTMIN+" + (signal - RTMIN);
    }
    if (signal > 0 && signal <= MAX) {
      return Integer.toString(signal);
    }
    throw new IllegalArgumentException("no signal has number " + signal);
  }

  private static IllegalArgumentException unknown(String text) {
    return new IllegalArgumentException(
        "unknown signal '%s': expected a name such as TERM or SIGTERM, a number from 1 to %d, or SIGRTMIN+n / SIGRTMAX-n"
            .formatted(text, MAX));
  }

  private static int call(MethodHandle handle) {
    try {
      return (int) handle.invokeExact();
    } catch (Throwable t) {
      throw Native.rethrow(t);
    }
  }
}
