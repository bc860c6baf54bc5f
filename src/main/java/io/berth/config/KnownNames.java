package io.berth.config;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Capability and signal names, checked where they are written so that a typo is reported with its
 * line rather than when the container is created. The runtime has the authoritative tables ({@code
 * runtime.spec.Capability}, {@code os.Signals}), which this package may not use; a test keeps the
 * capability list equal to the runtime's.
 */
final class KnownNames {
  static final Set<String> CAPABILITIES =
      Set.of(
          "CHOWN",
          "DAC_OVERRIDE",
          "DAC_READ_SEARCH",
          "FOWNER",
          "FSETID",
          "KILL",
          "SETGID",
          "SETUID",
          "SETPCAP",
          "LINUX_IMMUTABLE",
          "NET_BIND_SERVICE",
          "NET_BROADCAST",
          "NET_ADMIN",
          "NET_RAW",
          "IPC_LOCK",
          "IPC_OWNER",
          "SYS_MODULE",
          "SYS_RAWIO",
          "SYS_CHROOT",
          "SYS_PTRACE",
          "SYS_PACCT",
          "SYS_ADMIN",
          "SYS_BOOT",
          "SYS_NICE",
          "SYS_RESOURCE",
          "SYS_TIME",
          "SYS_TTY_CONFIG",
          "MKNOD",
          "LEASE",
          "AUDIT_WRITE",
          "AUDIT_CONTROL",
          "SETFCAP",
          "MAC_OVERRIDE",
          "MAC_ADMIN",
          "SYSLOG",
          "WAKE_ALARM",
          "BLOCK_SUSPEND",
          "AUDIT_READ",
          "PERFMON",
          "BPF",
          "CHECKPOINT_RESTORE");

  private static final Set<String> SIGNALS =
      Set.of(
          "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "IOT", "BUS", "FPE", "KILL", "USR1", "SEGV",
          "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CLD", "CONT", "STOP", "TSTP", "TTIN",
          "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "POLL", "PWR", "SYS");
  private static final Pattern REALTIME = Pattern.compile("RTMIN(\\+\\d{1,2})?|RTMAX(-\\d{1,2})?");
  private static final Pattern NUMBER = Pattern.compile("[1-9]\\d?");

  private KnownNames() {}

  /**
   * A capability as the runtime takes it: upper case, without {@code CAP_}; {@code ALL} stays.
   *
   * @throws IllegalArgumentException for a name Linux does not have
   */
  static String capability(String text) {
    String name = text.strip().toUpperCase(Locale.ROOT);
    name = name.startsWith("CAP_") ? name.substring(4) : name;
    if (!name.equals("ALL") && !CAPABILITIES.contains(name)) {
      throw new IllegalArgumentException("unknown");
    }
    return name;
  }

  /**
   * A signal as written, checked: a name with or without {@code SIG} in any case, a number from 1
   * to 64, or a real-time signal such as {@code SIGRTMIN+3}.
   *
   * @throws IllegalArgumentException for anything else
   */
  static String signal(String text) {
    String s = text.strip().toUpperCase(Locale.ROOT);
    if (NUMBER.matcher(s).matches() && Integer.parseInt(s) <= 64) {
      return s;
    }
    String name = s.startsWith("SIG") ? s.substring(3) : s;
    if (SIGNALS.contains(name) || REALTIME.matcher(name).matches()) {
      return "SIG" + name;
    }
    throw new IllegalArgumentException("unknown");
  }
}
