package io.berth.runtime.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The root filesystem.
 *
 * @param path the rootfs directory, absolute or relative to the bundle
 * @param readonly whether runc remounts it read-only once every mount point exists
 */
public record OciRoot(
    @JsonProperty("path") String path, @JsonProperty("readonly") boolean readonly) {
  public OciRoot {
    if (path == null || path.isEmpty()) {
      throw new IllegalArgumentException("the root needs a path");
    }
  }
}
