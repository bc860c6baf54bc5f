package io.berth.image.registry;

import java.io.IOException;

/**
 * A registry operation that failed. The message says what failed and what the user can do; it never
 * holds a password or token. {@link #reason()} lets callers tell the kinds apart.
 */
public final class RegistryException extends IOException {

  /** What kind of failure this is. */
  public enum Reason {
    /** The manifest, blob or repository does not exist (404). */
    NOT_FOUND,
    /** No credentials were given where they are needed, or they were rejected (401). */
    UNAUTHORIZED,
    /** The credentials are valid but lack access (403). */
    DENIED,
    /** The registry kept answering 429 Too Many Requests. */
    TOO_MANY_REQUESTS,
    /** The registry was unreachable, or kept failing with 5xx, or broke connections. */
    UNAVAILABLE,
    /** The TLS handshake failed: an untrusted certificate, or a protocol mismatch. */
    TLS,
    /** The content does not match its digest or size, or cannot be parsed. */
    INVALID_CONTENT,
    /** An index has no manifest for the wanted platform. */
    NO_MATCHING_PLATFORM,
    /** Any other answer berth did not expect. */
    PROTOCOL
  }

  private final Reason reason;
  private final int status;

  RegistryException(Reason reason, String message) {
    this(reason, 0, message, null);
  }

  RegistryException(Reason reason, int status, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
    this.status = status;
  }

  public Reason reason() {
    return reason;
  }

  /** The HTTP status that ended the operation, or 0 when there was none. */
  public int status() {
    return status;
  }
}
