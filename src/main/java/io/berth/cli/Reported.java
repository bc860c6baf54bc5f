package io.berth.cli;

import io.berth.api.ApiException;

/** A failure already printed to the user; only its exit code is left to give. */
final class Reported extends RuntimeException {
  private final ApiException cause;

  Reported(ApiException cause) {
    super(cause.getMessage(), cause, false, false);
    this.cause = cause;
  }

  ApiException failure() {
    return cause;
  }
}
