package io.berth.auth;

import io.berth.api.ApiException;
import io.berth.api.server.Authenticator;
import io.berth.api.server.Caller;
import io.berth.api.server.Principal;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

/**
 * Judges requests to the remote API: {@code Authorization: Bearer T} with an API token ({@code
 * berth_...}) or a JWT from a login. Anything else is 401 with the reason; the token itself is
 * never repeated in a message or a log.
 */
public final class RemoteAuthenticator implements Authenticator {
  private final ApiTokens tokens;
  private final JwtIssuer jwts;

  public RemoteAuthenticator(ApiTokens tokens, JwtIssuer jwts) {
    this.tokens = tokens;
    this.jwts = jwts;
  }

  @Override
  public Principal authenticate(Caller caller) {
    String header = caller.authorization();
    if (header == null || header.isBlank()) {
      throw unauthorized(
          "this API needs 'Authorization: Bearer TOKEN': an API token (berth token create) or"
              + " a token from POST /v1/auth/login");
    }
    if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw unauthorized("only bearer tokens are accepted: 'Authorization: Bearer TOKEN'");
    }
    String token = header.substring(7).strip();
    if (token.startsWith(ApiTokens.PREFIX)) {
      return apiToken(token);
    }
    try {
      JwtIssuer.Claims claims = jwts.verify(token);
      return new Principal(
          "user " + claims.subject(), role(claims.role()), claims.kvPrefix(), false);
    } catch (IllegalArgumentException e) {
      throw unauthorized(e.getMessage());
    }
  }

  private Principal apiToken(String secret) {
    Optional<ApiToken> found;
    try {
      found = tokens.find(secret);
    } catch (IOException e) {
      throw new ApiException(ApiException.Kind.INTERNAL, e.getMessage(), e);
    }
    ApiToken token = found.orElseThrow(() -> unauthorized("unknown or revoked API token"));
    if (token.expiredAt(Instant.now())) {
      throw unauthorized(
          "API token %s expired at %s; create another with 'berth token create'"
              .formatted(token.id(), token.expires()));
    }
    return new Principal(
        "token " + token.id() + (token.name().isEmpty() ? "" : " (" + token.name() + ")"),
        role(token.role()),
        token.kvPrefix(),
        token.kvSecrets());
  }

  private static Principal.Role role(String role) {
    return switch (role) {
      case "admin" -> Principal.Role.ADMIN;
      case "read" -> Principal.Role.READ;
      default -> throw unauthorized("the token's role '" + role + "' is unknown");
    };
  }

  private static ApiException unauthorized(String message) {
    return new ApiException(ApiException.Kind.UNAUTHORIZED, message);
  }
}
