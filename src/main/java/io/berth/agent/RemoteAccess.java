package io.berth.agent;

import io.berth.api.server.ApiServer;
import io.berth.auth.ApiTokens;
import io.berth.auth.JwtIssuer;
import io.berth.auth.Logins;
import io.berth.auth.RemoteAuthenticator;
import io.berth.auth.ServerIdentity;
import io.berth.supervise.ServiceEnv;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the remote API needs beside the routes: the token store, the JWT key, the logins, and the
 * TLS identity (none when plain HTTP on loopback was asked for).
 */
final class RemoteAccess implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RemoteAccess.class);
  static final Duration JWT_LIFETIME = Duration.ofHours(1);

  private final RemoteApi options;
  private final ApiTokens tokens;
  private final JwtIssuer jwts;
  private final Logins logins;
  private final ServerIdentity identity;
  private final ServiceKvTokens serviceTokens;

  private RemoteAccess(
      RemoteApi options, ApiTokens tokens, JwtIssuer jwts, Logins logins, ServerIdentity identity) {
    this.options = options;
    this.tokens = tokens;
    this.jwts = jwts;
    this.logins = logins;
    this.identity = identity;
    this.serviceTokens = new ServiceKvTokens(tokens);
  }

  static RemoteAccess open(Settings settings, RemoteApi options) throws IOException {
    ServerIdentity identity =
        options.insecurePlain()
            ? null
            : options.tlsCert() != null
                ? ServerIdentity.load(options.tlsCert(), options.tlsKey())
                : ServerIdentity.selfSigned(
                    settings.root().resolve("tls"), options.listen().getHostString());
    JwtIssuer jwts =
        JwtIssuer.open(settings.root().resolve("auth").resolve("jwt.key"), JWT_LIFETIME);
    ApiTokens tokens = ApiTokens.open(settings.database());
    return new RemoteAccess(
        options, tokens, jwts, Logins.of(jwts, options.adminPassword()), identity);
  }

  Logins logins() {
    return logins;
  }

  /** The kv tokens of services with {@code kvAccess}. */
  ServiceEnv serviceEnv() {
    return serviceTokens;
  }

  Optional<String> fingerprint() {
    return Optional.ofNullable(identity).map(ServerIdentity::fingerprint);
  }

  void addTo(ApiServer.Builder api) {
    api.remote(
            options.listen(),
            new RemoteAuthenticator(tokens, jwts),
            identity == null ? null : identity.keys())
        .logins(logins);
  }

  void announce(int port) {
    String host = options.listen().getHostString();
    serviceTokens.listening(kvUrl(options.listen(), port, identity != null));
    if (identity == null) {
      LOG.warn(
          "remote API on http://{}:{} in PLAIN HTTP (--insecure-plain, loopback only)", host, port);
      return;
    }
    LOG.info(
        "remote API on https://{}:{}; TLS certificate {}SHA-256 fingerprint {}",
        host,
        port,
        identity.generated() ? "(self-signed, made now) " : "",
        identity.fingerprint());
  }

  /**
   * The store's URL for a service's container: the listen address, or 127.0.0.1 when it is a
   * wildcard (the self-signed certificate names 127.0.0.1).
   */
  static String kvUrl(InetSocketAddress listen, int port, boolean tls) {
    InetAddress address = listen.getAddress();
    String host =
        address == null
            ? listen.getHostString()
            : address.isAnyLocalAddress() ? "127.0.0.1" : listen.getHostString();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return (tls ? "https" : "http") + "://" + host + ":" + port + "/v1/kv";
  }

  @Override
  public void close() {
    tokens.close();
  }
}
