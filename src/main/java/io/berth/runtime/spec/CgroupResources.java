package io.berth.runtime.spec;

import io.berth.spec.ContainerSpec;
import java.util.List;

/** The container's cgroup: its path, its limits and its device rules. */
final class CgroupResources {
  /** The CFS period, 100 ms, as Docker uses. */
  static final long CPU_PERIOD_MICROS = 100_000;

  /** The kernel refuses a CFS quota below 1 ms. */
  static final long MIN_CPU_QUOTA_MICROS = 1_000;

  private CgroupResources() {}

  /** Every container's cgroup is {@code berth/<id>} under each hierarchy's root. */
  static String path(String containerId) {
    return "/berth/" + containerId;
  }

  /**
   * The limits of {@code resources} (zero means none): memory with swap equal to it, so the
   * container gets no swap beyond its memory (when the host can limit swap); CPUs as a CFS quota
   * per 100 ms period; a pids limit. And the device rules.
   *
   * @throws InvalidContainerException when the CPU limit is below what the kernel accepts
   */
  static OciResources of(ContainerSpec.Resources resources, boolean swapLimit) {
    OciResources.Memory memory = null;
    if (resources.memoryBytes() > 0) {
      long limit = resources.memoryBytes();
      memory = new OciResources.Memory(limit, swapLimit ? limit : null);
    }
    OciResources.Cpu cpu = null;
    if (resources.cpus() > 0) {
      long quota = Math.round(resources.cpus() * CPU_PERIOD_MICROS);
      if (quota < MIN_CPU_QUOTA_MICROS) {
        throw new InvalidContainerException(
            "a CPU limit of %s is too small: the least is %s"
                .formatted(resources.cpus(), (double) MIN_CPU_QUOTA_MICROS / CPU_PERIOD_MICROS));
      }
      cpu = new OciResources.Cpu(null, quota, CPU_PERIOD_MICROS);
    }
    OciResources.Pids pids = resources.pids() > 0 ? new OciResources.Pids(resources.pids()) : null;
    return new OciResources(devices(), memory, cpu, pids);
  }

  /**
   * Deny every device, then allow creating device nodes (CAP_MKNOD is a default capability; using
   * one still needs a rule) and the devices runc creates in /dev: null, zero, full, random,
   * urandom, tty, console, ptmx and the pseudo-terminals.
   */
  static List<OciResources.DeviceRule> devices() {
    return List.of(
        OciResources.DeviceRule.denyAll(),
        new OciResources.DeviceRule(true, "c", null, null, "m"),
        new OciResources.DeviceRule(true, "b", null, null, "m"),
        OciResources.DeviceRule.allowChar(1, 3L, "rwm"),
        OciResources.DeviceRule.allowChar(1, 5L, "rwm"),
        OciResources.DeviceRule.allowChar(1, 7L, "rwm"),
        OciResources.DeviceRule.allowChar(1, 8L, "rwm"),
        OciResources.DeviceRule.allowChar(1, 9L, "rwm"),
        OciResources.DeviceRule.allowChar(5, 0L, "rwm"),
        OciResources.DeviceRule.allowChar(5, 1L, "rwm"),
        OciResources.DeviceRule.allowChar(5, 2L, "rwm"),
        OciResources.DeviceRule.allowChar(136, null, "rwm"));
  }
}
