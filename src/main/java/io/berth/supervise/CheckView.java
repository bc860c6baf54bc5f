package io.berth.supervise;

import java.time.Instant;

/**
 * One health check as it stands.
 *
 * @param target what it probes: the command, {@code http://:PORT/PATH} or {@code tcp://:PORT}
 * @param status healthy, unhealthy or starting, by its thresholds
 * @param failures failures in a row
 * @param successes passes in a row
 * @param output the end of what the last run said (a command's output, the HTTP status, the error)
 */
public record CheckView(
    String name,
    String target,
    String status,
    int failures,
    int successes,
    Instant lastPass,
    Instant lastRun,
    long lastMillis,
    String output) {}
