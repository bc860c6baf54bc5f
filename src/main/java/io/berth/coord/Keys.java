package io.berth.coord;

import java.nio.charset.StandardCharsets;

/**
 * Which keys an operation covers: one key, or every key that starts with a prefix. Keys are paths:
 * they start with {@code /}. A prefix is matched byte for byte, so {@code /a} covers {@code /a},
 * {@code /a/b} and {@code /ab}; use {@code /a/} for the keys under {@code /a} only.
 */
public sealed interface Keys {
  /** The longest key, in UTF-8 bytes. */
  int MAX_KEY_BYTES = 4096;

  /** True when {@code key} is one of these keys. */
  boolean contains(String key);

  static Keys exact(String key) {
    return new Exact(key);
  }

  static Keys prefix(String prefix) {
    return new Prefix(prefix);
  }

  /** Every key of the store. */
  static Keys all() {
    return new Prefix("/");
  }

  /** Exactly one key. */
  record Exact(String key) implements Keys {
    public Exact {
      check("key", key);
    }

    @Override
    public boolean contains(String other) {
      return key.equals(other);
    }
  }

  /** Every key that starts with {@code prefix} (itself included). */
  record Prefix(String prefix) implements Keys {
    public Prefix {
      check("prefix", prefix);
    }

    @Override
    public boolean contains(String other) {
      return other.startsWith(prefix);
    }
  }

  /** Throws {@link IllegalArgumentException} unless {@code key} can be a key. */
  static String check(String what, String key) {
    if (key == null || !key.startsWith("/")) {
      throw new IllegalArgumentException(
          "a %s is a path that starts with '/', not %s"
              .formatted(what, key == null ? "null" : "'" + key + "'"));
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (Character.isSurrogate(c)) {
        boolean paired =
            Character.isHighSurrogate(c)
                && i + 1 < key.length()
                && Character.isLowSurrogate(key.charAt(i + 1));
        if (!paired) {
          throw new IllegalArgumentException(
              "%s '%s' is not valid Unicode (a lone surrogate at %d)".formatted(what, key, i));
        }
        i++;
      }
    }
    int bytes = key.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_KEY_BYTES) {
      throw new IllegalArgumentException(
          "%s of %d bytes is longer than %d".formatted(what, bytes, MAX_KEY_BYTES));
    }
    return key;
  }
}
