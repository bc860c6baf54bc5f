package io.berth.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * A service, as {@code berth service ls} and {@code inspect} show it.
 *
 * @param status running, starting, updating, stopped, exited, backoff, crash-loop, failed
 * @param digest the repository digest it runs now
 * @param previous the digest a rollback goes back to
 * @param pinned its image names a digest: it is not upgraded
 * @param restarts restarts within its restart window
 * @param nextAttempt when a scheduled restart or retry is due
 * @param nextCheck when its tag is checked next
 * @param declaration the service as declared, as JSON
 * @param health its main process's health (healthy, unhealthy, starting), or null without checks
 * @param maintenance in maintenance: running, but reporting itself out of service
 * @param tasks the tasks of what runs now
 */
public record ServiceInfo(
    String name,
    String image,
    String status,
    String containerId,
    String digest,
    String previous,
    boolean pinned,
    int restarts,
    Integer lastExitCode,
    Instant nextAttempt,
    Instant nextCheck,
    String lastError,
    JsonNode declaration,
    String health,
    boolean maintenance,
    java.util.List<TaskInfo> tasks) {
  public ServiceInfo {
    tasks = tasks == null ? java.util.List.of() : java.util.List.copyOf(tasks);
  }
}
