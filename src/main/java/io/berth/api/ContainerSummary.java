package io.berth.api;

import java.time.Instant;

/**
 * A container as {@code berth ps} lists it.
 *
 * @param state created, running, exited
 * @param exitCode set once it exited
 */
public record ContainerSummary(
    String id,
    String name,
    String image,
    String imageDigest,
    String command,
    String state,
    Integer exitCode,
    Instant created,
    Instant started,
    Instant finished,
    int pid) {}
