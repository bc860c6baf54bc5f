package io.berth.coord;

import io.etcd.jetcd.common.exception.ErrorCode;
import io.etcd.jetcd.common.exception.EtcdException;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Turns jetcd's and gRPC's failures into berth's exceptions, with a message that names the
 * cluster's endpoints, the operation and the cause (gRPC buries the useful part, such as
 * "Connection refused: /127.0.0.1:2379", a few causes deep). The user is named; the password never
 * is, and etcd never echoes it.
 */
final class EtcdErrors {
  private final String where;
  private final String user;

  EtcdErrors(String where, String user) {
    this.where = where;
    this.user = user;
  }

  String where() {
    return where;
  }

  CoordException map(String operation, Throwable failure) {
    Throwable t = unwrap(failure);
    ErrorCode code = code(t);
    String detail = describe(t);
    String lower = detail.toLowerCase(java.util.Locale.ROOT);
    if (lower.contains("authentication failed") || code == ErrorCode.UNAUTHENTICATED) {
      return new CoordException(
          "%s: %s: authentication as user '%s' failed: %s"
              .formatted(where, operation, user == null ? "(none)" : user, detail),
          t);
    }
    if (code == ErrorCode.PERMISSION_DENIED || lower.contains("permission denied")) {
      return new CoordException(
          "%s: %s: permission denied%s: %s"
              .formatted(where, operation, user == null ? "" : " to user '" + user + "'", detail),
          t);
    }
    if (lower.contains("user name is empty") || lower.contains("user name not found")) {
      return new CoordException(
          "%s: %s: the cluster requires authentication: give coord.username and coord.passwordFile (%s)"
              .formatted(where, operation, detail),
          t);
    }
    if (code == ErrorCode.UNAVAILABLE
        || code == ErrorCode.DEADLINE_EXCEEDED
        || code == ErrorCode.CANCELLED
        || code == ErrorCode.ABORTED) {
      return new CoordUnavailableException(
          "%s: %s failed: etcd is unavailable: %s".formatted(where, operation, detail), t);
    }
    return new CoordException(
        "%s: %s failed: %s"
            .formatted(where, operation, code == null ? detail : code + ": " + detail),
        t);
  }

  static boolean isLeaseNotFound(Throwable failure) {
    Throwable t = unwrap(failure);
    return code(t) == ErrorCode.NOT_FOUND && describe(t).contains("lease not found");
  }

  static boolean isCompacted(Throwable failure) {
    return describe(unwrap(failure)).contains("required revision has been compacted");
  }

  static boolean isFutureRevision(Throwable failure) {
    return describe(unwrap(failure)).contains("required revision is a future revision");
  }

  static Throwable unwrap(Throwable t) {
    while ((t instanceof ExecutionException || t instanceof CompletionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static ErrorCode code(Throwable t) {
    if (t instanceof EtcdException e) {
      return e.getErrorCode();
    }
    Status status = Status.fromThrowable(t);
    if (status.getCode() == Status.Code.UNKNOWN || status.getCode() == Status.Code.OK) {
      return null;
    }
    return ErrorCode.valueOf(status.getCode().name());
  }

  /** The distinct messages down the cause chain: "io exception (Connection refused: ...)". */
  static String describe(Throwable t) {
    List<String> parts = new ArrayList<>();
    for (Throwable c = t; c != null && parts.size() < 5; c = c.getCause()) {
      String message = c.getMessage();
      if (message == null || message.isBlank()) {
        continue;
      }
      message = message.strip();
      boolean known = false;
      for (String part : parts) {
        if (part.contains(message)) {
          known = true;
          break;
        }
      }
      if (!known) {
        parts.add(message);
      }
      if (c.getCause() == c) {
        break;
      }
    }
    if (parts.isEmpty()) {
      return t.getClass().getSimpleName();
    }
    return parts.getFirst()
        + (parts.size() > 1 ? " (" + String.join("; ", parts.subList(1, parts.size())) + ")" : "");
  }
}
