package io.berth.coord;

import java.io.IOException;

/**
 * A store operation failed. The message says which store (the database file, or the etcd
 * endpoints), what was being done and why; it never holds a password or a value.
 */
public class CoordException extends IOException {
  public CoordException(String message) {
    super(message);
  }

  public CoordException(String message, Throwable cause) {
    super(message, cause);
  }
}
