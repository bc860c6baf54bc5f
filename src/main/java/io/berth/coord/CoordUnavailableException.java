package io.berth.coord;

/**
 * The store cannot be reached, or did not answer in time. A write that fails this way may or may
 * not have been applied: read to find out.
 */
public final class CoordUnavailableException extends CoordException {
  public CoordUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
