package io.berth.api.server;

import io.berth.api.ApiException;
import io.berth.api.Problem;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one Jetty handler: authenticates the caller by the listener it came through, finds the route,
 * runs it on the request's (virtual) thread, and turns failures into problem documents.
 */
final class ApiHandler extends Handler.Abstract {
  private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);

  private final Routes routes;
  private final Map<Connector, Authenticator> authenticators;
  private final ServerOptions options;
  private final Set<Thread> active = ConcurrentHashMap.newKeySet();

  ApiHandler(Routes routes, Map<Connector, Authenticator> authenticators, ServerOptions options) {
    super(InvocationType.BLOCKING);
    this.routes = routes;
    this.authenticators = authenticators;
    this.options = options;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    Thread self = Thread.currentThread();
    active.add(self);
    // A long poll or a quiet stream is not an idle connection; a stalled read or write still is.
    request.addIdleTimeoutListener(timeout -> false);
    Exchange exchange = new Exchange(request, response, options);
    try {
      dispatch(request, exchange);
      callback.succeeded();
    } catch (ClientGoneException gone) {
      LOG.debug("{} {}: {}", exchange.method(), exchange.path(), gone.getMessage());
      callback.failed(gone.getCause());
    } catch (Throwable failure) {
      answer(exchange, response, callback, failure);
    } finally {
      active.remove(self);
      Thread.interrupted(); // an interrupt meant for this request must not outlive it
    }
    return true;
  }

  private void dispatch(Request request, Exchange exchange) throws Exception {
    // Logging in is how a caller gets something to prove; the login itself needs nothing.
    Principal principal =
        exchange.method().equals("POST") && exchange.path().equals(AuthRoutes.LOGIN)
            ? Principal.ANONYMOUS
            : authenticate(request);
    // decoded, as the route will see it: %2F or %2E cannot smuggle a path past a kv prefix
    String decoded = "/" + String.join("/", exchange.segments());
    if (!principal.allows(exchange.method(), decoded)) {
      throw new io.berth.api.ApiException(
          io.berth.api.ApiException.Kind.FORBIDDEN,
          "%s may not %s %s%s"
              .formatted(
                  principal.name(),
                  exchange.method(),
                  exchange.path(),
                  principal.kvPrefix() == null
                      ? ""
                      : " (it may only reach /v1/kv" + principal.kvPrefix() + "...)"));
    }
    switch (routes.match(exchange.method(), exchange.segments())) {
      case Routes.Match.Found found -> {
        exchange.bind(principal, found.params(), found.route().query());
        found.route().handler().handle(exchange);
      }
      case Routes.Match.WrongMethod wrong ->
          exchange.problem(
              Problem.of(
                  405,
                  "method-not-allowed",
                  "Method not allowed",
                  "%s is not allowed on %s; allowed: %s"
                      .formatted(
                          exchange.method(), exchange.path(), String.join(", ", wrong.allowed())),
                  exchange.path()),
              new HttpField(HttpHeader.ALLOW, String.join(", ", wrong.allowed())));
      case Routes.Match.NotFound notFound ->
          throw ApiException.notFound("no such resource: " + exchange.path());
    }
  }

  private Principal authenticate(Request request) {
    Authenticator authenticator =
        authenticators.get(request.getConnectionMetaData().getConnector());
    if (authenticator == null) {
      throw new ApiException(ApiException.Kind.UNAUTHORIZED, "this listener admits no one");
    }
    return authenticator.authenticate(
        new Caller(
            request.getConnectionMetaData().getRemoteSocketAddress(),
            request.isSecure(),
            request.getHeaders().get(HttpHeader.AUTHORIZATION)));
  }

  private static void answer(
      Exchange exchange, Response response, Callback callback, Throwable failure) {
    if (response.isCommitted()) {
      LOG.warn(
          "{} {}: failed after the response began", exchange.method(), exchange.path(), failure);
      callback.failed(failure);
      return;
    }
    try {
      exchange.problem(Problems.of(failure, exchange.path()));
      callback.succeeded();
    } catch (Throwable writeFailure) {
      callback.failed(writeFailure);
    }
  }

  /**
   * Interrupts every request still running and waits for them to end, for at most {@code grace}.
   */
  void stopRequests(Duration grace) {
    active.forEach(Thread::interrupt);
    long deadline = System.nanoTime() + grace.toNanos();
    while (!active.isEmpty() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
