package io.berth.api;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A container's state in one document, as {@code GET /v1/containers/{id}/state} answers: berth's
 * record and the OCI runtime's own view.
 *
 * @param berth what berth recorded: state, pid, exit code, times
 * @param runtime {@code runc state} as runc prints it; null when runc no longer knows the container
 */
public record ContainerStatus(ContainerSummary berth, JsonNode runtime) {}
