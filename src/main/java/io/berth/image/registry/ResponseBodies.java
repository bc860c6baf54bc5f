package io.berth.image.registry;

import io.berth.image.registry.RegistryException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/** Reading answer bodies that must be small. */
final class ResponseBodies {
  private static final int MAX_ERROR_BODY = 64 << 10;

  private ResponseBodies() {}

  /**
   * The body, which must be at most {@code max} bytes; a larger one is refused before it is read
   * when Content-Length says so, and as soon as it passes the cap otherwise. A read that waits
   * longer than {@code idleLimit} fails.
   */
  static byte[] readCapped(Response response, int max, String what, Duration idleLimit)
      throws IOException {
    try (InputStream in = new StalledReadInputStream(response.body(), idleLimit, what)) {
      long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
      if (declared > max) {
        throw tooLarge(what, declared + " bytes", max);
      }
      byte[] bytes = in.readNBytes(max + 1);
      if (bytes.length > max) {
        throw tooLarge(what, "more than " + max + " bytes", max);
      }
      return bytes;
    }
  }

  /** The start of an error body, enough for a registry's JSON errors; the rest is dropped. */
  static ErrorBody readError(Response response, Duration idleLimit) {
    try (InputStream in =
        new StalledReadInputStream(response.body(), idleLimit, "an error answer")) {
      return ErrorBody.parse(in.readNBytes(MAX_ERROR_BODY));
    } catch (IOException e) {
      return ErrorBody.parse(null);
    }
  }

  private static RegistryException tooLarge(String what, String size, int max) {
    return new RegistryException(
        Reason.INVALID_CONTENT, "%s is %s, more than the %d allowed".formatted(what, size, max));
  }
}
