package io.berth.config;

import java.io.IOException;

/**
 * A primary or meta config that could not be fetched, whole: the file is missing, the server
 * answered 404 or not at all, the secret does not exist, the content is over the size cap. Nothing
 * partial is ever returned; the agent keeps running its last good config. The message names the
 * source and what went wrong, and never a password or a URL's query.
 */
public final class ConfigFetchException extends IOException {
  private final String source;

  ConfigFetchException(String source, String problem) {
    this(source, problem, null);
  }

  ConfigFetchException(String source, String problem, Throwable cause) {
    super(source + ": " + problem, cause);
    this.source = source;
  }

  /** The source as named in messages. */
  public String source() {
    return source;
  }
}
