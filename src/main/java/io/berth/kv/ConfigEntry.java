package io.berth.kv;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Objects;

/**
 * One key of the configuration store.
 *
 * @param path the key
 * @param value its JSON value; for a secret read without {@link Secrets#REVEAL}, the string {@code
 *     "<secret>"} ({@link #hidden()} says so)
 * @param secret the value is encrypted at rest
 * @param hidden the value is the {@code "<secret>"} placeholder, not the secret
 * @param createRevision the revision that created the key
 * @param modRevision the revision of its last write: compare-and-set on it
 * @param version how many times it was written since it was created
 */
public record ConfigEntry(
    ConfigPath path,
    JsonNode value,
    boolean secret,
    boolean hidden,
    long createRevision,
    long modRevision,
    long version) {
  /** What listings and dumps show in place of a secret value. */
  public static final String HIDDEN = "<secret>";

  static final JsonNode HIDDEN_VALUE = TextNode.valueOf(HIDDEN);

  public ConfigEntry {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(value, "value");
    path.requireKey();
    if (hidden && !secret) {
      throw new IllegalArgumentException(path + ": only a secret can be hidden");
    }
  }

  /** Never the value of a secret, even a revealed one. */
  @Override
  public String toString() {
    return "ConfigEntry[%s=%s, modRevision %d, version %d]"
        .formatted(path, secret ? HIDDEN : value.toString(), modRevision, version);
  }
}
