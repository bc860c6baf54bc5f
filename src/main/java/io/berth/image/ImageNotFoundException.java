package io.berth.image;

import java.io.IOException;

/** No image on this host answers to the name given. */
public final class ImageNotFoundException extends IOException {
  public ImageNotFoundException(String message) {
    super(message);
  }
}
