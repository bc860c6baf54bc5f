package io.berth.runtime.spec;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What the builder needs to know about the host; the caller finds it out (the builder does no I/O).
 *
 * @param openFilesHardLimit the agent's hard {@code RLIMIT_NOFILE}, as the unsigned {@code rlim_t}
 *     ({@code -1} is unlimited)
 * @param processesHardLimit the agent's hard {@code RLIMIT_NPROC}, likewise
 * @param initBinary tini-static, bind-mounted as the container's PID 1 for {@code --init}
 * @param cgroupV2 whether the host runs the unified cgroup hierarchy only (runc then uses cgroup
 *     v2, and the container gets a cgroup namespace)
 * @param swapLimit whether the memory cgroup can limit swap ({@code memory.memsw.limit_in_bytes} or
 *     {@code memory.swap.max} exists); without it a memory limit leaves swap unlimited, as Docker
 *     does
 * @param capabilities the capabilities in the agent's bounding set: a container never gets more
 * @param architecture the host's CPU architecture, as Java ({@code amd64}, {@code aarch64}) or Go
 *     ({@code arm64}) names it; chooses the system call ABIs the seccomp filter covers
 * @param pathExists tells whether a host path exists; every bind source is checked with it
 */
public record HostFacts(
    long openFilesHardLimit,
    long processesHardLimit,
    Path initBinary,
    boolean cgroupV2,
    boolean swapLimit,
    Set<Capability> capabilities,
    String architecture,
    Predicate<Path> pathExists) {
  /** Debian's tini-static. */
  public static final Path TINI_STATIC = Path.of("/usr/bin/tini-static");

  /** The hard-limit value that means unlimited ({@code RLIM_INFINITY}). */
  public static final long UNLIMITED = -1;

  public HostFacts {
    if (initBinary == null || !initBinary.isAbsolute()) {
      throw new IllegalArgumentException("the init binary needs an absolute path: " + initBinary);
    }
    capabilities =
        capabilities == null || capabilities.isEmpty()
            ? Set.of()
            : Set.copyOf(EnumSet.copyOf(capabilities));
    if (architecture == null || architecture.isBlank()) {
      throw new IllegalArgumentException("the host architecture is needed for seccomp");
    }
    if (pathExists == null) {
      throw new IllegalArgumentException("a check for host paths is needed");
    }
  }

  /**
   * A host with no limits of its own, every capability, cgroup v1 with swap accounting, tini at
   * {@link #TINI_STATIC}, this JVM's architecture, and {@code pathExists} for bind sources.
   */
  public static HostFacts permissive(Predicate<Path> pathExists) {
    return new HostFacts(
        UNLIMITED,
        UNLIMITED,
        TINI_STATIC,
        false,
        true,
        EnumSet.allOf(Capability.class),
        System.getProperty("os.arch"),
        pathExists);
  }

  public HostFacts withHardLimits(long openFiles, long processes) {
    return new HostFacts(
        openFiles,
        processes,
        initBinary,
        cgroupV2,
        swapLimit,
        capabilities,
        architecture,
        pathExists);
  }

  public HostFacts withCgroupV2(boolean v2) {
    return new HostFacts(
        openFilesHardLimit,
        processesHardLimit,
        initBinary,
        v2,
        swapLimit,
        capabilities,
        architecture,
        pathExists);
  }

  public HostFacts withSwapLimit(boolean supported) {
    return new HostFacts(
        openFilesHardLimit,
        processesHardLimit,
        initBinary,
        cgroupV2,
        supported,
        capabilities,
        architecture,
        pathExists);
  }

  public HostFacts withCapabilities(Set<Capability> bounding) {
    return new HostFacts(
        openFilesHardLimit,
        processesHardLimit,
        initBinary,
        cgroupV2,
        swapLimit,
        bounding,
        architecture,
        pathExists);
  }

  public HostFacts withInitBinary(Path binary) {
    return new HostFacts(
        openFilesHardLimit,
        processesHardLimit,
        binary,
        cgroupV2,
        swapLimit,
        capabilities,
        architecture,
        pathExists);
  }

  public HostFacts withArchitecture(String arch) {
    return new HostFacts(
        openFilesHardLimit,
        processesHardLimit,
        initBinary,
        cgroupV2,
        swapLimit,
        capabilities,
        arch,
        pathExists);
  }

  public HostFacts withPathCheck(Predicate<Path> exists) {
    return new HostFacts(
        openFilesHardLimit,
        processesHardLimit,
        initBinary,
        cgroupV2,
        swapLimit,
        capabilities,
        architecture,
        exists);
  }
}
