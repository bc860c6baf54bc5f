package io.berth.template;

import java.util.Objects;

/**
 * Something a render read through a function, so that a caller can render again when it changes:
 * {@code Dependency("kv", "/org/app/db/host")}, {@code Dependency("env", "DB_HOST")}.
 *
 * @param function the name of the function that read it
 * @param key what it read, in the function's own terms (a key, a prefix, a service name)
 */
public record Dependency(String function, String key) {
  public Dependency {
    Objects.requireNonNull(function, "function");
    Objects.requireNonNull(key, "key");
  }

  @Override
  public String toString() {
    return function + ":" + key;
  }
}
