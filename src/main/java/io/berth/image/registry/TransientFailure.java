package io.berth.image.registry;

import io.berth.image.registry.RegistryException.Reason;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * A failed attempt that may succeed when tried again. {@link Retrier} catches it; when the attempts
 * run out it becomes a {@link RegistryException} with the same message.
 */
final class TransientFailure extends IOException {
  private final Reason reason;
  private final int status;
  private final transient Optional<Duration> retryAfter;

  TransientFailure(
      Reason reason, int status, String message, Optional<Duration> retryAfter, Throwable cause) {
    super(message, cause);
    this.reason = reason;
    this.status = status;
    this.retryAfter = retryAfter;
  }

  Optional<Duration> retryAfter() {
    return retryAfter;
  }

  RegistryException giveUp(String why) {
    return new RegistryException(reason, status, getMessage() + " " + why, getCause());
  }
}
