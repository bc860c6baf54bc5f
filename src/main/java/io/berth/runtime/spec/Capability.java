package io.berth.runtime.spec;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The Linux capabilities, in kernel order: {@link #ordinal()} is the bit number
 * (linux/capability.h, up to {@code CAP_CHECKPOINT_RESTORE}, 40).
 */
public enum Capability {
  CHOWN,
  DAC_OVERRIDE,
  DAC_READ_SEARCH,
  FOWNER,
  FSETID,
  KILL,
  SETGID,
  SETUID,
  SETPCAP,
  LINUX_IMMUTABLE,
  NET_BIND_SERVICE,
  NET_BROADCAST,
  NET_ADMIN,
  NET_RAW,
  IPC_LOCK,
  IPC_OWNER,
  SYS_MODULE,
  SYS_RAWIO,
  SYS_CHROOT,
  SYS_PTRACE,
  SYS_PACCT,
  SYS_ADMIN,
  SYS_BOOT,
  SYS_NICE,
  SYS_RESOURCE,
  SYS_TIME,
  SYS_TTY_CONFIG,
  MKNOD,
  LEASE,
  AUDIT_WRITE,
  AUDIT_CONTROL,
  SETFCAP,
  MAC_OVERRIDE,
  MAC_ADMIN,
  SYSLOG,
  WAKE_ALARM,
  BLOCK_SUSPEND,
  AUDIT_READ,
  PERFMON,
  BPF,
  CHECKPOINT_RESTORE;

  /** What Docker gives a container unless told otherwise; berth gives the same. */
  public static final Set<Capability> DEFAULTS =
      Collections.unmodifiableSet(
          EnumSet.of(
              CHOWN,
              DAC_OVERRIDE,
              FSETID,
              FOWNER,
              MKNOD,
              NET_RAW,
              SETGID,
              SETUID,
              SETFCAP,
              SETPCAP,
              NET_BIND_SERVICE,
              SYS_CHROOT,
              KILL,
              AUDIT_WRITE));

  /** The name runc and the kernel's documents use: {@code CAP_CHOWN}. */
  public String ociName() {
    return "CAP_" + name();
  }

  /**
   * Reads {@code chown}, {@code CHOWN} or {@code cap_chown}.
   *
   * @throws InvalidContainerException naming the capability when it is not one
   */
  public static Capability parse(String text) {
    String name = text == null ? "" : text.strip().toUpperCase(Locale.ROOT);
    if (name.startsWith("CAP_")) {
      name = name.substring(4);
    }
    try {
      return valueOf(name);
    } catch (IllegalArgumentException e) {
      throw new InvalidContainerException("unknown capability '%s'".formatted(text));
    }
  }

  /** The bit mask of {@code set}, as /proc/PID/status shows it in CapEff. */
  public static long mask(Set<Capability> set) {
    long mask = 0;
    for (Capability c : set) {
      mask |= 1L << c.ordinal();
    }
    return mask;
  }

  /** The set whose bit mask is {@code mask}; bits above the last known capability are ignored. */
  public static Set<Capability> fromMask(long mask) {
    EnumSet<Capability> set = EnumSet.noneOf(Capability.class);
    for (Capability c : values()) {
      if ((mask & (1L << c.ordinal())) != 0) {
        set.add(c);
      }
    }
    return set;
  }
}
