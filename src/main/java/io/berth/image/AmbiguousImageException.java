package io.berth.image;

import java.io.IOException;

/** A digest prefix matches more than one image. */
public final class AmbiguousImageException extends IOException {
  public AmbiguousImageException(String message) {
    super(message);
  }
}
