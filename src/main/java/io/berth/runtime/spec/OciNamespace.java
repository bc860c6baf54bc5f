package io.berth.runtime.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A namespace the container gets: a new one, or the one at {@code path}.
 *
 * @param type {@code pid}, {@code network}, {@code ipc}, {@code uts}, {@code mount}, {@code cgroup}
 *     or {@code user}
 * @param path a namespace file to join, or null for a new namespace
 */
public record OciNamespace(@JsonProperty("type") String type, @JsonProperty("path") String path) {
  public OciNamespace {
    if (type == null || type.isEmpty()) {
      throw new IllegalArgumentException("a namespace needs a type");
    }
  }

  /** A new namespace of {@code type}. */
  public static OciNamespace of(String type) {
    return new OciNamespace(type, null);
  }
}
