package io.berth.image.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.image.registry.RegistryException.Reason;
import io.berth.spec.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;

/**
 * Fetches tokens from a registry's token service (the {@code realm} of a Bearer challenge), as the
 * distribution spec's token authentication describes: {@code GET realm?service=...&scope=...}, with
 * Basic credentials when berth has them, answered by {@code {"token": ..., "expires_in": ...}}.
 */
final class TokenService {
  private static final Duration DEFAULT_LIFETIME = Duration.ofSeconds(60);
  private static final Duration MAX_MARGIN = Duration.ofSeconds(30);
  private static final int MAX_TOKEN_ANSWER = 1 << 20;

  private final HostConnections connections;
  private final Retrier retrier;
  private final InstantSource clock;

  TokenService(HostConnections connections, Retrier retrier, InstantSource clock) {
    this.connections = connections;
    this.retrier = retrier;
    this.clock = clock;
  }

  /**
   * A token for {@code scope} at {@code registry}.
   *
   * @param registry the registry host (its name in messages, and the host credentials belong to)
   * @param registryHostName the host name the registry is reached at, without port
   */
  BearerToken fetch(
      String registry,
      String registryHostName,
      AuthChallenge.Bearer challenge,
      String scope,
      Optional<Credentials> login)
      throws IOException {
    URI realm = realm(registry, challenge.realm());
    HostConnection tokenHost = connections.forUri(realm);
    if (login.isPresent() && realm.getScheme().equals("http")) {
      boolean sameHost = realm.getHost().equalsIgnoreCase(registryHostName);
      if (!sameHost && tokenHost.config().tlsVerify()) {
        throw new RegistryException(
            Reason.UNAUTHORIZED,
            ("refusing to send the credentials for %s over plain HTTP to its token service at %s;"
                    + " serve the token service over HTTPS, or set tlsVerify: false for %s in the"
                    + " registries file if that network is trusted")
                .formatted(registry, realm.getRawAuthority(), realm.getRawAuthority()));
      }
    }
    URI uri = withQuery(realm, challenge.service(), scope);
    Request accepting = Request.get(uri).withHeader("Accept", "application/json");
    Request request =
        login
            .map(l -> accepting.withHeader("Authorization", l.basicAuthorization()))
            .orElse(accepting);
    String service = "the token service of %s at %s".formatted(registry, realm.getRawAuthority());
    return retrier.run(
        () -> {
          Response response = Transport.send(tokenHost, request);
          int status = response.status();
          if (status == 200) {
            return parse(
                ResponseBodies.readCapped(
                    response,
                    MAX_TOKEN_ANSWER,
                    "the token",
                    connections.config().responseTimeout()),
                service);
          }
          ErrorBody body =
              ResponseBodies.readError(response, connections.config().responseTimeout());
          if (status == 401 || status == 403) {
            throw new RegistryException(
                Reason.UNAUTHORIZED,
                status,
                login.isPresent()
                    ? "unauthorized: credentials for %s rejected by %s%s"
                        .formatted(registry, service, body.suffix())
                    : "unauthorized: %s refused an anonymous token for %s; add credentials for %s%s"
                        .formatted(service, scope, registry, body.suffix()),
                null);
          }
          String problem = "%s answered %d%s".formatted(service, status, body.suffix());
          if (status == 429 || status >= 500) {
            throw new TransientFailure(
                status == 429 ? Reason.TOO_MANY_REQUESTS : Reason.UNAVAILABLE,
                status,
                problem,
                RetryAfter.parse(
                    response.headers().firstValue("Retry-After").orElse(null), clock.instant()),
                null);
          }
          throw new RegistryException(Reason.PROTOCOL, status, problem, null);
        });
  }

  private BearerToken parse(byte[] body, String service) throws RegistryException {
    JsonNode answer;
    try {
      answer = Json.lenient().readTree(body);
    } catch (IOException e) {
      answer = null;
    }
    String token = answer == null ? "" : answer.path("token").asText("");
    if (token.isBlank() && answer != null) {
      token = answer.path("access_token").asText("");
    }
    if (token.isBlank()) {
      throw new RegistryException(
          Reason.PROTOCOL, service + " answered without a token (expected JSON with \"token\")");
    }
    long seconds = answer.path("expires_in").asLong(0);
    Duration lifetime = seconds > 0 ? Duration.ofSeconds(seconds) : DEFAULT_LIFETIME;
    // Refresh a little early, so that a token does not expire between check and use.
    Duration margin = lifetime.dividedBy(10);
    margin = margin.compareTo(MAX_MARGIN) > 0 ? MAX_MARGIN : margin;
    Instant refreshAt = clock.instant().plus(lifetime).minus(margin);
    return new BearerToken(token, refreshAt);
  }

  private static URI realm(String registry, String realm) throws RegistryException {
    try {
      URI uri = new URI(realm);
      if (uri.getScheme() != null
          && (uri.getScheme().equals("https") || uri.getScheme().equals("http"))
          && uri.getHost() != null
          && uri.getRawUserInfo() == null) {
        return uri;
      }
    } catch (java.net.URISyntaxException e) {
      // reported below
    }
    throw new RegistryException(
        Reason.PROTOCOL,
        "%s names a token service berth cannot use (realm must be an http(s) URL without user info)"
            .formatted(registry));
  }

  private static URI withQuery(URI realm, String service, String scope) {
    StringBuilder query = new StringBuilder();
    if (realm.getRawQuery() != null && !realm.getRawQuery().isEmpty()) {
      query.append(realm.getRawQuery());
    }
    if (service != null) {
      append(query, "service", service);
    }
    append(query, "scope", scope);
    String base = realm.toString();
    int q = base.indexOf('?');
    int hash = base.indexOf('#');
    String head = q >= 0 ? base.substring(0, q) : hash >= 0 ? base.substring(0, hash) : base;
    return URI.create(head + "?" + query);
  }

  private static void append(StringBuilder query, String name, String value) {
    if (!query.isEmpty()) {
      query.append('&');
    }
    query.append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
  }
}
