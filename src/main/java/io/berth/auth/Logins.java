package io.berth.auth;

import io.berth.api.server.LoginService;
import io.berth.spec.AuthSpec;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logins of the users in the config's {@code auth:} section and of {@code admin} when the agent was
 * given {@code BERTH_ADMIN_PASSWORD} (hashed as soon as it is read; there is no default password).
 * A success gets a JWT; failures are counted per client address and limited.
 */
public final class Logins implements LoginService {
  private static final Logger LOG = LoggerFactory.getLogger(Logins.class);
  static final int FAILURES_PER_WINDOW = 5;
  static final Duration WINDOW = Duration.ofMinutes(1);

  private final JwtIssuer issuer;
  private final LoginLimiter limiter;
  private final AuthSpec.User admin;
  private volatile Map<String, AuthSpec.User> users = Map.of();

  Logins(JwtIssuer issuer, LoginLimiter limiter, String adminPassword) {
    this.issuer = issuer;
    this.limiter = limiter;
    this.admin =
        adminPassword == null || adminPassword.isEmpty()
            ? null
            : new AuthSpec.User(PasswordHash.hash(adminPassword.toCharArray()), "admin");
  }

  /** Logins whose tokens {@code issuer} signs; {@code adminPassword} may be null. */
  public static Logins of(JwtIssuer issuer, String adminPassword) {
    return new Logins(
        issuer,
        new LoginLimiter(FAILURES_PER_WINDOW, WINDOW, InstantSource.system()),
        adminPassword);
  }

  /** The users of the config now in force (at start and after each reload). */
  public void users(AuthSpec auth) {
    this.users = auth.users();
  }

  @Override
  public Login login(String user, char[] password, SocketAddress remote) {
    String client = client(remote);
    Optional<Duration> wait = limiter.wait(client);
    if (wait.isPresent()) {
      return new Login.Limited(wait.get());
    }
    AuthSpec.User known = users.get(user);
    if (known == null && user.equals("admin")) {
      known = admin;
    }
    if (known != null && PasswordHash.verify(known.passwordHash(), password)) {
      JwtIssuer.Issued issued = issuer.issue(user, known.role(), known.kvPrefix());
      LOG.info("login: {} from {} ({})", user, client, known.role());
      return new Login.Granted(issued.token(), known.role(), issued.expires());
    }
    limiter.failed(client);
    LOG.warn("login failed: user {} from {}", user, client);
    return new Login.Denied();
  }

  private static String client(SocketAddress remote) {
    return remote instanceof InetSocketAddress inet && inet.getAddress() != null
        ? inet.getAddress().getHostAddress()
        : String.valueOf(remote);
  }
}
