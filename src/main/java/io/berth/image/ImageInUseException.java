package io.berth.image;

import java.io.IOException;

/** An image cannot be removed: references or containers still need it. */
public final class ImageInUseException extends IOException {
  public ImageInUseException(String message) {
    super(message);
  }
}
