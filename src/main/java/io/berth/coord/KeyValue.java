package io.berth.coord;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One key as the store holds it.
 *
 * @param key the key, a path such as {@code /config/app/db/password}
 * @param value the bytes stored (empty when read with {@link RangeOptions#KEYS})
 * @param createRevision the revision at which the key was created (since its last deletion)
 * @param modRevision the revision of its last change
 * @param version how many times it was written since it was created: 1 for a new key
 * @param lease the lease it is attached to, or 0 for none
 */
public record KeyValue(
    String key, byte[] value, long createRevision, long modRevision, long version, long lease) {
  public KeyValue {
    Objects.requireNonNull(key, "key");
    value = value == null ? new byte[0] : value.clone();
  }

  /** The value; a copy, so the entry stays as read. */
  @Override
  public byte[] value() {
    return value.clone();
  }

  /** The value as UTF-8 text, such as a JSON document. */
  public String text() {
    return new String(value, StandardCharsets.UTF_8);
  }

  /** The value's length in bytes, without copying it. */
  public int size() {
    return value.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyValue other
        && key.equals(other.key)
        && Arrays.equals(value, other.value)
        && createRevision == other.createRevision
        && modRevision == other.modRevision
        && version == other.version
        && lease == other.lease;
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, Arrays.hashCode(value), createRevision, modRevision, version, lease);
  }

  /** Names the key and its revisions, never the value: values may be secrets. */
  @Override
  public String toString() {
    return "KeyValue[%s, %d bytes, created %d, modified %d, version %d%s]"
        .formatted(
            key,
            value.length,
            createRevision,
            modRevision,
            version,
            lease == 0 ? "" : ", lease " + lease);
  }
}
