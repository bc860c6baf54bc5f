package io.berth.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the primary config comes from: a file, an http(s) URL, or an AWS Secrets Manager secret.
 * The agent fetches it at start, then again periodically and on SIGHUP; a fetch that fails throws
 * and returns nothing, so the agent keeps its last good config. Safe to use from several threads.
 */
public interface ConfigSource extends AutoCloseable {
  /**
   * The source as messages name it: a path, a URL without query or user info, {@code aws-sm:ID}.
   */
  String name();

  /**
   * The config as it is now, whole.
   *
   * @throws ConfigFetchException when it cannot be had whole
   */
  FetchedConfig fetch() throws ConfigFetchException;

  /**
   * The config when it differs from what this source last returned (by {@link #fetch} or this
   * method), empty when it is the same; the first call always returns it. A URL is asked with
   * {@code If-None-Match} and {@code If-Modified-Since} when its server gave an ETag or a
   * Last-Modified. A config that failed to parse is not returned again until it changes.
   *
   * @throws ConfigFetchException when it cannot be had whole
   */
  Optional<FetchedConfig> fetchIfChanged() throws ConfigFetchException;

  /** Releases what the source holds (the Secrets Manager client); fetching after it fails. */
  @Override
  default void close() {}

  /** A file; relative paths inside the config are resolved against its directory. */
  static ConfigSource file(Path path, FetchLimits limits) {
    return new FileSource(path, limits);
  }

  /** An {@code http} or {@code https} URL. */
  static ConfigSource url(URI url, FetchLimits limits) {
    return new HttpSource(url, limits);
  }

  /**
   * A location as the command line and the environment give it: an {@code http://} or {@code
   * https://} URL, a {@code file:} URI, or a path.
   *
   * @throws IllegalArgumentException for an empty location or another URL scheme
   */
  static ConfigSource at(String location, FetchLimits limits) {
    return Locations.source(location, Optional.empty(), limits);
  }
}
