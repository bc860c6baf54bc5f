package io.berth.coord;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Keys as both backends order them: UTF-8 bytes compared unsigned, as etcd and SQLite's BLOB
 * comparison do (Java's {@code String.compareTo} orders UTF-16 units, which differs above U+FFFF).
 */
final class KeyBytes {
  private KeyBytes() {}

  static byte[] of(String key) {
    return key.getBytes(StandardCharsets.UTF_8);
  }

  static String string(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /**
   * The first key after every key that starts with {@code prefix}: the prefix with its last byte
   * incremented. UTF-8 never contains 0xFF, so the last byte always can be.
   */
  static byte[] prefixEnd(byte[] prefix) {
    byte[] end = Arrays.copyOf(prefix, prefix.length);
    for (int i = end.length - 1; i >= 0; i--) {
      if (end[i] != (byte) 0xFF) {
        end[i]++;
        return Arrays.copyOf(end, i + 1);
      }
    }
    // only 0xFF bytes: no key is after them all; etcd spells "to the end" as a single 0 byte
    return new byte[] {0};
  }
}
