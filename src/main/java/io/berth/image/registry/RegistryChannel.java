package io.berth.image.registry;

import io.berth.image.registry.RegistryException.Reason;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The one way requests reach a registry. {@link #send} runs a {@link RegistryOperation} and takes
 * care of what every operation needs: authentication (answering 401 challenges, one retry with a
 * fresh token), retries of transient failures, redirects (the registry's Authorization header never
 * goes to another origin), the fall-back to plain HTTP for insecure hosts, and error answers turned
 * into messages.
 */
final class RegistryChannel {
  private static final int MAX_REDIRECTS = 5;
  private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

  private final HostConnections connections;
  private final Authenticator authenticator;
  private final Retrier retrier;
  private final InstantSource clock;

  RegistryChannel(
      HostConnections connections,
      Authenticator authenticator,
      Retrier retrier,
      InstantSource clock) {
    this.connections = connections;
    this.authenticator = authenticator;
    this.retrier = retrier;
    this.clock = clock;
  }

  <T> T send(RegistryOperation<T> op) throws IOException {
    HostConnection registry = connections.forAuthority(op.repository().apiHost());
    return retrier.run(() -> attempt(registry, op));
  }

  private <T> T attempt(HostConnection registry, RegistryOperation<T> op) throws IOException {
    boolean answeredChallenge = false;
    while (true) {
      Optional<String> authorization = authenticator.authorization(registry, op.scope());
      Response response = follow(registry, op, authorization);
      int status = response.status();
      if (status >= 200 && status < 300) {
        return success(registry, op, response);
      }
      ErrorBody body = ResponseBodies.readError(response, connections.config().responseTimeout());
      if (status == 401) {
        List<AuthChallenge> challenges =
            AuthChallenge.parse(response.headers().allValues("WWW-Authenticate"));
        if (!answeredChallenge
            && authenticator.answer(registry, op.scope(), challenges, authorization)) {
          answeredChallenge = true;
          continue;
        }
        throw unauthorized(registry, op, authorization.isPresent(), body);
      }
      throw failure(registry, op, response, body);
    }
  }

  private <T> T success(HostConnection registry, RegistryOperation<T> op, Response response)
      throws IOException {
    try {
      return op.onSuccess(response);
    } catch (RegistryException e) {
      response.close(); // an answer refused before its body was read must not hold a connection
      throw e;
    } catch (IOException e) {
      response.close();
      throw new TransientFailure(
          Reason.UNAVAILABLE,
          0,
          "connection to %s broke while reading %s: %s"
              .formatted(registry.authority(), op.describe(), e.getMessage()),
          Optional.empty(),
          e);
    }
  }

  /** Sends the request and follows redirects, sending Authorization only to the same origin. */
  private Response follow(
      HostConnection registry, RegistryOperation<?> op, Optional<String> authorization)
      throws IOException {
    URI origin = registry.uri(op.path());
    URI uri = origin;
    HostConnection host = registry;
    for (int hops = 0; ; hops++) {
      Request request = new Request(op.method(), uri, op.headers());
      if (sameOrigin(uri, origin) && authorization.isPresent()) {
        request = request.withHeader("Authorization", authorization.get());
      }
      Response response;
      try {
        response = Transport.send(host, request);
      } catch (RegistryException e) {
        if (hops == 0
            && e.reason() == Reason.TLS
            && uri.getScheme().equals("https")
            && registry.fallBackToPlainHttp()) {
          // An insecure host that does not speak TLS: ask it again over plain HTTP.
          origin = registry.uri(op.path());
          uri = origin;
          hops = -1;
          continue;
        }
        throw e;
      }
      if (!REDIRECTS.contains(response.status())) {
        return response;
      }
      response.close();
      Optional<String> location = response.headers().firstValue("Location");
      if (location.isEmpty() || hops >= MAX_REDIRECTS) {
        throw new RegistryException(
            Reason.PROTOCOL,
            response.status(),
            "%s redirected %s %s"
                .formatted(
                    host.authority(),
                    op.describe(),
                    location.isEmpty()
                        ? "without a Location"
                        : "more than " + MAX_REDIRECTS + " times"),
            null);
      }
      uri = redirectTarget(uri, location.get(), host);
      host = connections.forUri(uri);
    }
  }

  private static URI redirectTarget(URI from, String location, HostConnection host)
      throws RegistryException {
    try {
      URI target = from.resolve(new URI(location));
      if (("https".equals(target.getScheme()) || "http".equals(target.getScheme()))
          && target.getHost() != null) {
        return target;
      }
    } catch (URISyntaxException | IllegalArgumentException e) {
      // reported below
    }
    throw new RegistryException(
        Reason.PROTOCOL, "%s redirected to an unusable location".formatted(host.authority()));
  }

  private static boolean sameOrigin(URI a, URI b) {
    return a.getScheme().equalsIgnoreCase(b.getScheme())
        && a.getHost().equalsIgnoreCase(b.getHost())
        && port(a) == port(b);
  }

  private static int port(URI uri) {
    return uri.getPort() >= 0 ? uri.getPort() : uri.getScheme().equals("https") ? 443 : 80;
  }

  private RegistryException unauthorized(
      HostConnection registry, RegistryOperation<?> op, boolean sentAuthorization, ErrorBody body) {
    String host = registry.config().host();
    Optional<Credentials> login = authenticator.credentials(registry);
    String message;
    if (login.isPresent() && sentAuthorization) {
      message =
          "unauthorized: credentials for %s rejected (user '%s', pulling %s)%s"
              .formatted(host, login.get().username(), op.repository().name(), body.suffix());
    } else if (login.isPresent()) {
      message =
          "unauthorized: %s asks for an authentication berth cannot answer%s"
              .formatted(host, body.suffix());
    } else {
      message =
          ("unauthorized: %s requires credentials to pull %s (or the repository does not exist);"
                  + " add them for %s to berth's registries file or Docker's config.json%s")
              .formatted(host, op.repository().name(), host, body.suffix());
    }
    return new RegistryException(Reason.UNAUTHORIZED, 401, message, null);
  }

  private RegistryException failure(
      HostConnection registry, RegistryOperation<?> op, Response response, ErrorBody body)
      throws TransientFailure {
    int status = response.status();
    String host = registry.config().host();
    if (status == 429) {
      throw new TransientFailure(
          Reason.TOO_MANY_REQUESTS,
          status,
          "too many requests: %s answered 429 to %s%s"
              .formatted(host, op.describe(), body.suffix()),
          RetryAfter.parse(
              response.headers().firstValue("Retry-After").orElse(null), clock.instant()),
          null);
    }
    if (status == 408 || (status >= 500 && status != 501 && status != 505)) {
      throw new TransientFailure(
          Reason.UNAVAILABLE,
          status,
          "%s answered %d to %s%s".formatted(host, status, op.describe(), body.suffix()),
          RetryAfter.parse(
              response.headers().firstValue("Retry-After").orElse(null), clock.instant()),
          null);
    }
    if (status == 404) {
      return op.notFound(body);
    }
    if (status == 403) {
      String who =
          authenticator
              .credentials(registry)
              .map(c -> "user '" + c.username() + "'")
              .orElse("anonymous users");
      return new RegistryException(
          Reason.DENIED,
          status,
          "denied: %s does not let %s pull %s%s"
              .formatted(host, who, op.repository().name(), body.suffix()),
          null);
    }
    return new RegistryException(
        Reason.PROTOCOL,
        status,
        "%s answered %d to %s %s for %s%s"
            .formatted(
                host,
                status,
                op.method(),
                Objects.requireNonNull(op.path()),
                op.describe(),
                body.suffix()),
        null);
  }
}
