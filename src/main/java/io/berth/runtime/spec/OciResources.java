package io.berth.runtime.spec;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The container's cgroup settings. A null part is left as the kernel has it.
 *
 * @param devices the device access rules, applied in order (the last match wins)
 * @param memory memory limits
 * @param cpu CPU time
 * @param pids the process count limit
 */
public record OciResources(
    @JsonProperty("devices") List<DeviceRule> devices,
    @JsonProperty("memory") Memory memory,
    @JsonProperty("cpu") Cpu cpu,
    @JsonProperty("pids") Pids pids) {
  public OciResources {
    devices = devices == null ? List.of() : List.copyOf(devices);
  }

  /**
   * Memory limits in bytes.
   *
   * @param limit the memory limit
   * @param swap memory plus swap (as cgroup v1's memsw); equal to {@code limit} means no swap
   */
  public record Memory(@JsonProperty("limit") Long limit, @JsonProperty("swap") Long swap) {}

  /**
   * CPU time.
   *
   * @param shares the relative weight, or null
   * @param quota microseconds of CPU time per period (CFS bandwidth), or null
   * @param period the period in microseconds, or null
   */
  public record Cpu(
      @JsonProperty("shares") Long shares,
      @JsonProperty("quota") Long quota,
      @JsonProperty("period") Long period) {}

  /**
   * The most processes (tasks) the cgroup may hold.
   *
   * @param limit the limit
   */
  public record Pids(@JsonProperty("limit") long limit) {}

  /**
   * A device cgroup rule.
   *
   * @param allow allow or deny
   * @param type {@code c}, {@code b}, or null for all
   * @param major the major number, or null for all
   * @param minor the minor number, or null for all
   * @param access some of {@code r}, {@code w}, {@code m}
   */
  public record DeviceRule(
      @JsonProperty("allow") boolean allow,
      @JsonProperty("type") String type,
      @JsonProperty("major") Long major,
      @JsonProperty("minor") Long minor,
      @JsonProperty("access") String access) {
    /** Denies everything: the first rule, so what follows is an allowlist. */
    public static DeviceRule denyAll() {
      return new DeviceRule(false, null, null, null, "rwm");
    }

    /** Allows the character device {@code major:minor} ({@code minor} null for all). */
    public static DeviceRule allowChar(long major, Long minor, String access) {
      return new DeviceRule(true, "c", major, minor, access);
    }
  }
}
