package io.berth.runtime.spec;

/**
 * The container cannot be run as asked: its image and options do not make a valid process (no
 * command, an unknown user, an unknown capability, a missing bind source). The message names what
 * is wrong and, where it comes from the image, the image.
 */
public class InvalidContainerException extends IllegalArgumentException {
  public InvalidContainerException(String message) {
    super(message);
  }
}
