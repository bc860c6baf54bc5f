package io.berth.spec;

import java.time.Duration;

/**
 * A health check of a service's main process or of a sidecar: a command run in the container, an
 * HTTP GET, or a TCP connect, repeated on an interval.
 *
 * <p>A check passes when the command exits 0, the HTTP status is 2xx or 3xx, or the connection is
 * accepted, within {@code timeout}. The checked process becomes healthy after {@code successes}
 * passes in a row and unhealthy after {@code failures} failures in a row; failures during {@code
 * grace} after the process started do not count. With a {@code ttl}, it is also unhealthy when no
 * check passed within the last {@code ttl} (ContainerPilot's rule), whatever the counts say.
 *
 * @param name the check's name, unique among the process's checks
 * @param kind what is checked
 * @param exec the command, for {@link Kind#EXEC}
 * @param port the port, for {@link Kind#HTTP} and {@link Kind#TCP}, in the container's network
 * @param path the path of the HTTP request, starting with '/'
 */
public record CheckSpec(
    String name,
    Kind kind,
    ProcessSpec exec,
    int port,
    String path,
    Duration interval,
    Duration timeout,
    Duration grace,
    int failures,
    int successes,
    Duration ttl) {
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
  public static final int DEFAULT_FAILURES = 3;
  public static final int DEFAULT_SUCCESSES = 1;

  /** What a check does. */
  public enum Kind {
    EXEC,
    HTTP,
    TCP;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public CheckSpec {
    if (name == null || !name.matches("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}")) {
      throw new IllegalArgumentException("invalid check name '%s'".formatted(name));
    }
    if (kind == null) {
      throw new IllegalArgumentException("check %s: exec, http or tcp is needed".formatted(name));
    }
    switch (kind) {
      case EXEC -> {
        if (exec == null) {
          throw new IllegalArgumentException("check %s needs a command".formatted(name));
        }
        port = 0;
        path = null;
      }
      case HTTP, TCP -> {
        if (port < 1 || port > 65535) {
          throw new IllegalArgumentException(
              "check %s: port %d is not between 1 and 65535".formatted(name, port));
        }
        exec = null;
        if (kind == Kind.HTTP) {
          path = path == null || path.isEmpty() ? "/" : path;
          if (!path.startsWith("/") || path.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            throw new IllegalArgumentException(
                "check %s: the path must start with '/' and hold no spaces or control characters, not '%s'"
                    .formatted(name, path));
          }
        } else {
          path = null;
        }
      }
    }
    interval = positive(interval, DEFAULT_INTERVAL, name, "interval");
    timeout = positive(timeout, DEFAULT_TIMEOUT, name, "timeout");
    if (timeout.compareTo(interval) > 0) {
      throw new IllegalArgumentException(
          "check %s: the timeout (%s) is longer than the interval (%s)"
              .formatted(name, Durations.format(timeout), Durations.format(interval)));
    }
    grace = grace == null ? Duration.ZERO : grace;
    if (grace.isNegative()) {
      throw new IllegalArgumentException("check %s: grace cannot be negative".formatted(name));
    }
    if (failures < 1 || successes < 1) {
      throw new IllegalArgumentException(
          "check %s: failures and successes must be at least 1".formatted(name));
    }
    if (ttl != null && ttl.compareTo(interval) <= 0) {
      throw new IllegalArgumentException(
          "check %s: the ttl (%s) must be longer than the interval (%s), or every check races it"
              .formatted(name, Durations.format(ttl), Durations.format(interval)));
    }
  }

  /** A check with the default timing. */
  public static CheckSpec of(String name, Kind kind, ProcessSpec exec, int port, String path) {
    return new CheckSpec(
        name, kind, exec, port, path, null, null, null, DEFAULT_FAILURES, DEFAULT_SUCCESSES, null);
  }

  /**
   * What is checked, for messages: {@code exec curl}, {@code http :8080/health}, {@code tcp :53}.
   */
  public String target() {
    return switch (kind) {
      case EXEC -> "exec " + exec.program();
      case HTTP -> "http :" + port + path;
      case TCP -> "tcp :" + port;
    };
  }

  private static Duration positive(Duration value, Duration otherwise, String name, String field) {
    if (value == null) {
      return otherwise;
    }
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException("check %s: %s must be positive".formatted(name, field));
    }
    return value;
  }
}
