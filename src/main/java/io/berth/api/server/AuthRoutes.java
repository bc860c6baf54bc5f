package io.berth.api.server;

import io.berth.api.ApiException;
import io.berth.api.Problem;
import java.util.Arrays;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;

/** {@code POST /v1/auth/login}: a user and password for a bearer token. */
final class AuthRoutes implements Resource {
  static final String LOGIN = "/v1/auth/login";

  private final LoginService logins;

  AuthRoutes(LoginService logins) {
    this.logins = logins;
  }

  /** The body of a login. */
  record Credentials(String user, String password) {
    @Override
    public String toString() {
      return "Credentials[user=" + user + ", password=<secret>]";
    }
  }

  /** What a granted login answers. */
  record Token(String token, String tokenType, String role, String expiresAt) {}

  @Override
  public void addTo(Routes routes) {
    routes.add("POST " + LOGIN, this::login);
  }

  private void login(Exchange ex) throws Exception {
    Credentials credentials = ex.body(Credentials.class);
    if (credentials == null
        || credentials.user() == null
        || credentials.user().isBlank()
        || credentials.password() == null) {
      throw ApiException.badRequest("a login needs {\"user\": ..., \"password\": ...}");
    }
    char[] password = credentials.password().toCharArray();
    try {
      switch (logins.login(credentials.user(), password, ex.remote())) {
        case LoginService.Login.Granted granted ->
            ex.json(
                new Token(granted.token(), "Bearer", granted.role(), granted.expires().toString()));
        case LoginService.Login.Denied denied ->
            throw new ApiException(ApiException.Kind.UNAUTHORIZED, "wrong user or password");
        case LoginService.Login.Limited limited -> {
          long seconds = Math.max(1, limited.retryAfter().toSeconds());
          ex.problem(
              Problem.of(
                  429,
                  "too-many-requests",
                  "Too many failed logins",
                  "too many failed logins from this address; try again in %d s".formatted(seconds),
                  ex.path()),
              new HttpField(HttpHeader.RETRY_AFTER, Long.toString(seconds)));
        }
      }
    } finally {
      Arrays.fill(password, '\0');
    }
  }
}
