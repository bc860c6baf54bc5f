package io.berth.api;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The configuration store, {@code /v1/kv}: JSON values at paths such as {@code /org/app/db/port}; a
 * path ending with {@code /} is a directory. Secret values read as {@code "<secret>"} unless {@code
 * reveal} asks for them. A bad path is a bad request, a missing key is not found, a failed
 * compare-and-set is a conflict that names the key's current revision.
 */
public interface Kv {

  /** A key. */
  KvEntry get(String key, boolean reveal);

  /** What a directory holds, one level deep. */
  KvListing list(String directory);

  /** A directory's keys, recursively, as a JSON object (a subdirectory's name ends with '/'). */
  KvTree tree(String directory, boolean reveal);

  /**
   * Writes a key: as a secret (encrypted at rest, hidden when read), and only if its modRevision is
   * {@code cas} (0: only if it does not exist) when {@code cas} is not null.
   */
  KvEntry put(String key, JsonNode value, boolean secret, Long cas);

  /** Deletes a key, if its modRevision is {@code cas} when that is not null. */
  KvDeleted delete(String key, Long cas);

  /** Deletes every key below a directory, in one revision. */
  KvDeleted deleteTree(String directory);

  /** A directory in the format of {@code dconf dump}. */
  String dumpDconf(String directory, boolean reveal);

  /** Writes a {@code dconf dump} text below a directory, as {@code dconf load} does. */
  KvLoadResult loadDconf(String directory, String text);

  /**
   * Sends each change of a key, or of every key below a directory, with a revision above {@code
   * since} (0: changes from now on) to {@code sink}, until the sink returns false, the caller's
   * thread is interrupted, or the store ends the watch (an exception).
   */
  void watch(String path, long since, KvEventSink sink);
}
