package io.berth.runtime.spec;

import io.berth.testing.Tools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The facts of the host the tests run on, read as the runtime will read them. */
final class HostProbe {
  static final Path CGROUP_ROOT = Path.of("/sys/fs/cgroup");

  private HostProbe() {}

  static boolean cgroupV2() {
    return Files.exists(CGROUP_ROOT.resolve("cgroup.controllers"));
  }

  static HostFacts facts() {
    boolean v2 = cgroupV2();
    return new HostFacts(
        hardLimit("Max open files"),
        hardLimit("Max processes"),
        Tools.require(HostFacts.TINI_STATIC.toString(), "tini"),
        v2,
        v2 || Files.exists(CGROUP_ROOT.resolve("memory/memory.memsw.limit_in_bytes")),
        Capability.fromMask(statusMask("CapBnd")),
        System.getProperty("os.arch"),
        Files::exists);
  }

  /** The hard limit in /proc/self/limits, -1 for unlimited. */
  static long hardLimit(String name) {
    for (String line : read("/proc/self/limits").split("\n")) {
      if (line.startsWith(name)) {
        String[] fields = line.substring(name.length()).strip().split("\\s+");
        return fields[1].equals("unlimited") ? HostFacts.UNLIMITED : Long.parseLong(fields[1]);
      }
    }
    throw new AssertionError("no '" + name + "' in /proc/self/limits");
  }

  /** A hexadecimal mask of /proc/self/status, such as CapBnd. */
  static long statusMask(String field) {
    return Long.parseUnsignedLong(statusField(read("/proc/self/status"), field), 16);
  }

  /** The value of {@code field} in the text of a /proc/PID/status. */
  static String statusField(String status, String field) {
    for (String line : status.split("\n")) {
      if (line.startsWith(field + ":")) {
        return line.substring(field.length() + 1).strip();
      }
    }
    throw new AssertionError("no " + field + " in:\n" + status);
  }

  private static String read(String file) {
    try {
      return Files.readString(Path.of(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
