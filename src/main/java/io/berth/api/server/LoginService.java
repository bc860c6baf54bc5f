package io.berth.api.server;

import java.net.SocketAddress;
import java.time.Duration;
import java.time.Instant;

/**
 * Exchanges a user's password for a short-lived bearer token ({@code POST /v1/auth/login}). The
 * only route a caller reaches without proving who it is.
 */
@FunctionalInterface
public interface LoginService {

  /**
   * Checks {@code password} for {@code user}, sent from {@code remote}; never logs the password.
   */
  Login login(String user, char[] password, SocketAddress remote);

  /** What a login attempt came to. */
  sealed interface Login {
    /** A bearer token for {@code role}, good until {@code expires}. */
    record Granted(String token, String role, Instant expires) implements Login {}

    /** Wrong user or password: the caller learns no more than that. */
    record Denied() implements Login {}

    /** Too many failures from this client: try again after {@code retryAfter}. */
    record Limited(Duration retryAfter) implements Login {}
  }
}
