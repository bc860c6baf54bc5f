package io.berth.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a process's cgroup figures: CPU time, memory, pids and block I/O, from cgroup v2 (the
 * unified hierarchy) or v1 (one hierarchy per controller), whichever the host uses for each
 * controller. The paths come from {@code /proc/<pid>/cgroup}, so berth never guesses where runc put
 * the container.
 */
public final class CgroupStats {
  private final Path cgroupRoot;

  public CgroupStats(Path cgroupRoot) {
    this.cgroupRoot = cgroupRoot;
  }

  public static CgroupStats host() {
    return new CgroupStats(Path.of("/sys/fs/cgroup"));
  }

  /** Figures of the cgroup(s) {@code pid} is in. */
  public Sample sample(int pid) throws IOException {
    Map<String, String> v1 = new HashMap<>();
    String v2 = null;
    for (String line : Files.readAllLines(Path.of("/proc", Integer.toString(pid), "cgroup"))) {
      String[] parts = line.split(":", 3);
      if (parts.length < 3) {
        continue;
      }
      if (parts[0].equals("0") && parts[1].isEmpty()) {
        v2 = parts[2];
      } else {
        for (String controller : parts[1].split(",")) {
          v1.put(controller, parts[2]);
        }
      }
    }
    Path unified = v2 == null ? null : unifiedMount().resolve(relative(v2));
    long cpu =
        v1.containsKey("cpuacct")
            ? number(
                cgroupRoot
                    .resolve("cpuacct")
                    .resolve(relative(v1.get("cpuacct")))
                    .resolve("cpuacct.usage"))
            : keyed(unified, "cpu.stat", "usage_usec") * 1000;
    long memory;
    long memoryLimit;
    if (v1.containsKey("memory")) {
      Path dir = cgroupRoot.resolve("memory").resolve(relative(v1.get("memory")));
      memory = number(dir.resolve("memory.usage_in_bytes"));
      memoryLimit = number(dir.resolve("memory.limit_in_bytes"));
      if (memoryLimit >= 1L << 62) {
        memoryLimit = 0; // v1 says "no limit" with a page-rounded LONG_MAX
      }
    } else {
      memory = number(unified.resolve("memory.current"));
      memoryLimit = number(unified.resolve("memory.max"));
    }
    long pids;
    long pidsLimit;
    if (v1.containsKey("pids")) {
      Path dir = cgroupRoot.resolve("pids").resolve(relative(v1.get("pids")));
      pids = number(dir.resolve("pids.current"));
      pidsLimit = number(dir.resolve("pids.max"));
    } else {
      pids = number(unified.resolve("pids.current"));
      pidsLimit = number(unified.resolve("pids.max"));
    }
    long read;
    long written;
    if (v1.containsKey("blkio")) {
      Path dir = cgroupRoot.resolve("blkio").resolve(relative(v1.get("blkio")));
      long[] io = blkio(dir.resolve("blkio.throttle.io_service_bytes"));
      read = io[0];
      written = io[1];
    } else {
      long[] io = ioStat(unified == null ? null : unified.resolve("io.stat"));
      read = io[0];
      written = io[1];
    }
    return new Sample(cpu, memory, memoryLimit, pids, pidsLimit, read, written);
  }

  private Path unifiedMount() {
    Path unified = cgroupRoot.resolve("unified");
    return Files.isDirectory(unified) && Files.exists(unified.resolve("cgroup.controllers"))
        ? unified
        : cgroupRoot;
  }

  private static String relative(String cgroupPath) {
    return cgroupPath.startsWith("/") ? cgroupPath.substring(1) : cgroupPath;
  }

  /** A file holding one number, or "max" (no limit: 0). Missing files read as 0. */
  private static long number(Path file) throws IOException {
    try {
      String text = Files.readString(file).strip();
      return text.equals("max") ? 0 : Long.parseLong(text);
    } catch (NoSuchFileException | NumberFormatException e) {
      return 0;
    }
  }

  private static long keyed(Path dir, String file, String key) throws IOException {
    if (dir == null) {
      return 0;
    }
    try {
      for (String line : Files.readAllLines(dir.resolve(file))) {
        String[] kv = line.split(" ");
        if (kv.length == 2 && kv[0].equals(key)) {
          return Long.parseLong(kv[1]);
        }
      }
    } catch (NoSuchFileException e) {
      return 0;
    }
    return 0;
  }

  /** v1: lines {@code MAJ:MIN Read N}, {@code MAJ:MIN Write N}, summed over devices. */
  private static long[] blkio(Path file) throws IOException {
    long[] io = new long[2];
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (NoSuchFileException e) {
      return io;
    }
    for (String line : lines) {
      String[] parts = line.split(" ");
      if (parts.length == 3) {
        if (parts[1].equals("Read")) {
          io[0] += Long.parseLong(parts[2]);
        } else if (parts[1].equals("Write")) {
          io[1] += Long.parseLong(parts[2]);
        }
      }
    }
    return io;
  }

  /** v2: lines {@code MAJ:MIN rbytes=N wbytes=N ...}, summed over devices. */
  private static long[] ioStat(Path file) throws IOException {
    long[] io = new long[2];
    if (file == null) {
      return io;
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (NoSuchFileException e) {
      return io;
    }
    for (String line : lines) {
      for (String field : line.split(" ")) {
        if (field.startsWith("rbytes=")) {
          io[0] += Long.parseLong(field.substring(7));
        } else if (field.startsWith("wbytes=")) {
          io[1] += Long.parseLong(field.substring(7));
        }
      }
    }
    return io;
  }

  /** One reading of a cgroup's figures; limits are 0 when there is none. */
  public record Sample(
      long cpuNanos,
      long memoryBytes,
      long memoryLimitBytes,
      long pids,
      long pidsLimit,
      long readBytes,
      long writeBytes) {}
}
