package io.berth.supervise;

import io.berth.spec.ServiceSpec;
import java.time.Instant;
import java.util.List;

/**
 * A service as the agent sees it now.
 *
 * @param status running, starting, updating, stopped, exited, backoff, crash-loop, failed
 * @param containerId the container running it, or null
 * @param digest the repository digest it runs
 * @param previous the digest before the last upgrade (what rollback goes back to)
 * @param pinned the declaration names a digest: no upgrades
 * @param restarts restarts within the current window
 * @param lastExitCode how its last container ended, or null
 * @param nextAttempt when a restart or retry is due, or null
 * @param lastError the last thing that went wrong, or null
 * @param nextCheck when the tag is checked next, or null
 * @param health the main process's health (healthy, unhealthy, starting), or null without checks
 * @param maintenance the service is in maintenance: running, but out of service
 * @param tasks the tasks of the instance that runs now
 */
public record ServiceView(
    String name,
    ServiceSpec spec,
    String status,
    String containerId,
    String digest,
    String previous,
    boolean pinned,
    int restarts,
    Integer lastExitCode,
    Instant nextAttempt,
    String lastError,
    Instant nextCheck,
    String health,
    boolean maintenance,
    List<TaskView> tasks) {}
