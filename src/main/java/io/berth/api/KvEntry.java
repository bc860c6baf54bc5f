package io.berth.api;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One key of the configuration store.
 *
 * @param path the key
 * @param value its JSON value; {@code "<secret>"} for a secret not revealed
 * @param secret encrypted at rest
 * @param hidden the value is the {@code "<secret>"} placeholder
 * @param createRevision the revision that created the key
 * @param modRevision the revision of its last write: compare-and-set on it
 * @param version how many times it was written since it was created
 */
public record KvEntry(
    String path,
    JsonNode value,
    boolean secret,
    boolean hidden,
    long createRevision,
    long modRevision,
    long version) {
  @Override
  public String toString() {
    return "KvEntry[%s=%s, modRevision %d]"
        .formatted(path, secret ? "<secret>" : String.valueOf(value), modRevision);
  }
}
