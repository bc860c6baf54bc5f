package io.berth.api;

import io.berth.api.ApiException.Kind;

/**
 * An error as the HTTP API sends it: an RFC 9457 problem document ({@code
 * application/problem+json}). The type names the {@link Kind} and the detail is the exception's
 * message, so a client rebuilds the exception the server threw: same kind, same message.
 *
 * @param type {@code https://berth.io/problems/<slug>}
 * @param title the same for every problem of the type
 * @param status the HTTP status
 * @param detail what went wrong this time, for a user to act on
 * @param instance the request path
 */
public record Problem(String type, String title, int status, String detail, String instance) {
  public static final String MEDIA_TYPE = "application/problem+json";
  public static final String TYPE_BASE = "https://berth.io/problems/";

  public static Problem of(ApiException e, String instance) {
    Kind kind = e.kind();
    return new Problem(
        TYPE_BASE + kind.slug(), title(kind), kind.status(), e.getMessage(), instance);
  }

  /** A problem of the HTTP layer that no {@link Kind} names, such as 405 method-not-allowed. */
  public static Problem of(int status, String slug, String title, String detail, String instance) {
    return new Problem(TYPE_BASE + slug, title, status, detail, instance);
  }

  /** The last part of the type; empty when the type is not one of berth's. */
  public String slug() {
    return type != null && type.startsWith(TYPE_BASE) ? type.substring(TYPE_BASE.length()) : "";
  }

  /** The exception this problem stands for: the kind its type names (else its status's). */
  public ApiException toException() {
    Kind kind = Kind.ofStatus(status);
    for (Kind k : Kind.values()) {
      if (k.slug().equals(slug())) {
        kind = k;
      }
    }
    String message = detail != null ? detail : title != null ? title : "HTTP status " + status;
    return new ApiException(kind, message);
  }

  private static String title(Kind kind) {
    return switch (kind) {
      case BAD_REQUEST -> "Bad request";
      case UNAUTHORIZED -> "Unauthorized";
      case FORBIDDEN -> "Forbidden";
      case NOT_FOUND -> "Not found";
      case CONFLICT -> "Conflict";
      case COMMAND_NOT_FOUND -> "Command not found";
      case COMMAND_NOT_EXECUTABLE -> "Command not executable";
      case TOO_LARGE -> "Request too large";
      case UPSTREAM -> "Upstream failure";
      case UNAVAILABLE -> "Unavailable";
      case INTERNAL -> "Internal error";
    };
  }
}
