package io.berth.runtime;

import java.io.IOException;

/**
 * A container operation that cannot be done as asked; the kind says whose fault it is, for the
 * API's status codes.
 */
public final class ContainerException extends IOException {
  private final Kind kind;

  public ContainerException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public ContainerException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  /** Why. */
  public enum Kind {
    NOT_FOUND,
    /** The container is in a state that does not allow it (running, not running). */
    CONFLICT,
    /** The request is wrong: a missing bind source, an unknown user, no command. */
    INVALID,
    /** The command does not exist in the image. */
    COMMAND_NOT_FOUND,
    /** The command exists but cannot be executed. */
    COMMAND_NOT_EXECUTABLE,
    /** This process does not supervise the container (another berth process does). */
    NOT_SUPERVISED
  }
}
