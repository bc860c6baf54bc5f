package io.berth.image;

import java.io.IOException;

/** A layer could not be made into a snapshot: its content, digest or diffID was wrong. */
public final class LayerPullException extends IOException {
  public LayerPullException(String message, Throwable cause) {
    super(message, cause);
  }

  public LayerPullException(String message) {
    super(message);
  }
}
