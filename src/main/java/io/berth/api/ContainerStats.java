package io.berth.api;

/**
 * Figures from a container's cgroup.
 *
 * @param cpuNanos CPU time used, in nanoseconds
 * @param memoryBytes memory in use
 * @param memoryLimitBytes the limit, or 0 when there is none
 * @param pids processes
 * @param pidsLimit the limit, or 0
 * @param readBytes bytes read from block devices
 * @param writeBytes bytes written
 */
public record ContainerStats(
    String id,
    String name,
    long cpuNanos,
    long memoryBytes,
    long memoryLimitBytes,
    long pids,
    long pidsLimit,
    long readBytes,
    long writeBytes) {}
