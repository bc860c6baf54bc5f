package io.berth.runtime;

import java.io.IOException;

/** runc refused or failed; the message carries runc's own reason. */
public final class RuncException extends IOException {
  public RuncException(String message) {
    super(message);
  }
}
