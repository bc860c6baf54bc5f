package io.berth.api;

/**
 * A request berth cannot carry out, with a message a user can act on. The kind decides the HTTP
 * status of the problem document and the exit code of the CLI.
 */
public final class ApiException extends RuntimeException {
  private final Kind kind;

  public ApiException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public ApiException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  public static ApiException badRequest(String message) {
    return new ApiException(Kind.BAD_REQUEST, message);
  }

  public static ApiException notFound(String message) {
    return new ApiException(Kind.NOT_FOUND, message);
  }

  public static ApiException conflict(String message) {
    return new ApiException(Kind.CONFLICT, message);
  }

  /** What went wrong, by whose fault; each has an HTTP status. */
  public enum Kind {
    BAD_REQUEST(400, "bad-request"),
    UNAUTHORIZED(401, "unauthorized"),
    FORBIDDEN(403, "forbidden"),
    NOT_FOUND(404, "not-found"),
    CONFLICT(409, "conflict"),
    /** The container's command does not exist in its image (a shell's 127). */
    COMMAND_NOT_FOUND(422, "command-not-found"),
    /** The container's command exists but cannot be run (a shell's 126). */
    COMMAND_NOT_EXECUTABLE(422, "command-not-executable"),
    TOO_LARGE(413, "too-large"),
    /** A registry or other upstream failed or sent bad content. */
    UPSTREAM(502, "upstream"),
    UNAVAILABLE(503, "unavailable"),
    INTERNAL(500, "internal");

    private final int status;
    private final String slug;

    Kind(int status, String slug) {
      this.status = status;
      this.slug = slug;
    }

    public int status() {
      return status;
    }

    /** The last part of the problem type URI: {@code https://berth.io/problems/<slug>}. */
    public String slug() {
      return slug;
    }

    /** The kind a problem document's type slug names; falls back on the status. */
    public static Kind ofSlug(String slug, int status) {
      for (Kind kind : values()) {
        if (kind.slug.equals(slug)) {
          return kind;
        }
      }
      return ofStatus(status);
    }

    public static Kind ofStatus(int status) {
      for (Kind kind : values()) {
        if (kind.status == status) {
          return kind;
        }
      }
      return status >= 500 ? INTERNAL : BAD_REQUEST;
    }
  }
}
