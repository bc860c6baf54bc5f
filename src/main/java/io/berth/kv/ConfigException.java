package io.berth.kv;

import java.io.IOException;

/**
 * A configuration store operation failed: the message names the key and the store, never a secret
 * value.
 */
public class ConfigException extends IOException {
  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
