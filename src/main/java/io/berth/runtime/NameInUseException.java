package io.berth.runtime;

import java.io.IOException;

/** Another container already has the name asked for. */
public final class NameInUseException extends IOException {
  public NameInUseException(String message) {
    super(message);
  }
}
