package io.berth.os;

import java.io.IOException;

/** A system call failed: names the call, the errno and what it was about. */
public final class ErrnoException extends IOException {
  private final int errno;

  public ErrnoException(String call, int errno, Object subject) {
    super(
        "%s(%s): %s (%s)"
            .formatted(
                call, subject == null ? "" : subject, Errno.describe(errno), Errno.name(errno)));
    this.errno = errno;
  }

  public int errno() {
    return errno;
  }
}
