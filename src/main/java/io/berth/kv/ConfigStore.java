package io.berth.kv;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * A hierarchical configuration store, as dconf keeps a desktop's settings: JSON values at paths
 * such as {@code /org/myorg/app/db/password}; a path ending with {@code /} is a directory, which
 * exists while some key lies below it. Every write makes a new revision of the store; writes and
 * deletions can be compare-and-set on a key's modRevision; watches deliver changes from a revision
 * on.
 *
 * <p>Paths are given as text and validated ({@link ConfigPath}): an invalid one is an {@link
 * IllegalArgumentException} that names it. Secret keys are encrypted at rest and read back only
 * with {@link Secrets#REVEAL}; everywhere else they read as {@code "<secret>"}. Thread-safe.
 */
public interface ConfigStore {
  /** The store's current revision. */
  long revision() throws ConfigException;

  /** The key, secret values hidden. */
  default Optional<ConfigEntry> get(String key) throws ConfigException {
    return get(key, Secrets.HIDE);
  }

  /** The key; with {@link Secrets#REVEAL}, a secret's value decrypted. */
  Optional<ConfigEntry> get(String key, Secrets secrets) throws ConfigException;

  /**
   * Writes a key; returns it as stored (secret values hidden), its modRevision the new revision.
   *
   * @throws ConfigConflictException the write's ifRevision did not match; nothing was written
   */
  ConfigEntry put(String key, JsonNode value, Write write) throws ConfigException;

  default ConfigEntry put(String key, JsonNode value) throws ConfigException {
    return put(key, value, Write.PLAIN);
  }

  /** Deletes a key; false when it did not exist. */
  boolean delete(String key) throws ConfigException;

  /**
   * Deletes a key if its modRevision is {@code ifRevision}.
   *
   * @throws ConfigConflictException it is not; nothing was deleted
   */
  boolean delete(String key, long ifRevision) throws ConfigException;

  /** Deletes every key below a directory ({@code /} deletes everything), in one revision. */
  long deleteTree(String directory) throws ConfigException;

  /** The keys and subdirectories directly in a directory. */
  Listing list(String directory) throws ConfigException;

  /**
   * A directory's keys as a JSON object, recursively: {@code {"db/": {"port": 5432}}}. A
   * subdirectory's name ends with {@code /}, so that a key and a directory of the same name (which
   * dconf allows) both fit.
   */
  ObjectNode dumpJson(String directory, Secrets secrets) throws ConfigException;

  /**
   * A directory's keys in the format of {@code dconf dump}: a {@code [relative/dir]} section per
   * directory that holds keys ({@code [/]} for the directory itself), {@code name=value} lines with
   * values in GVariant's text format.
   */
  String dumpDconf(String directory, Secrets secrets) throws ConfigException;

  /**
   * Writes what a {@code dconf dump} of a directory holds below {@code directory}, as {@code dconf
   * load} does. The whole text is parsed and checked before the first write; each key is then one
   * write (a load is not atomic). A {@code "<secret>"} placeholder for a secret key leaves it as
   * is.
   *
   * @throws IllegalArgumentException the text is not in dconf's format; the message names the line
   */
  LoadResult loadDconf(String directory, String text) throws ConfigException;

  /**
   * Watches a key, or every key below a directory, from {@code fromRevision} on (0: after now).
   * Events hide secret values.
   */
  ConfigWatch watch(String keyOrDirectory, long fromRevision, ConfigListener listener)
      throws ConfigException;
}
