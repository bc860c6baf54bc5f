package io.berth.runtime.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A range of ids in a user namespace mapped onto host ids.
 *
 * @param containerId the first id inside
 * @param hostId the first id outside
 * @param size how many ids
 */
public record OciIdMapping(
    @JsonProperty("containerID") long containerId,
    @JsonProperty("hostID") long hostId,
    @JsonProperty("size") long size) {}
