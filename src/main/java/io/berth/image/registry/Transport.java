package io.berth.image.registry;

import io.berth.image.registry.RegistryException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * Sends one HTTP request and sorts what can go wrong into what may pass ({@link TransientFailure})
 * and what will not ({@link RegistryException}). Messages name the host and path, never the query
 * (a storage redirect's query is a signature) nor any header.
 */
final class Transport {
  private Transport() {}

  static HttpResponse<InputStream> send(HostConnection host, HttpRequest request, Duration timeout)
      throws IOException {
    String what = request.method() + " " + display(request.uri());
    try {
      return host.http().send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted during " + what);
    } catch (HttpConnectTimeoutException e) {
      throw transientFailure(
          "cannot connect to %s: no connection within %s"
              .formatted(
                  host.authority(), Retrier.seconds(host.http().connectTimeout().orElseThrow())),
          e);
    } catch (HttpTimeoutException e) {
      throw transientFailure(
          "%s sent no answer to %s within %s"
              .formatted(host.authority(), what, Retrier.seconds(timeout)),
          e);
    } catch (IOException e) {
      if (causedBy(e, SSLException.class) != null) {
        throw tlsFailure(host, e);
      }
      if (causedBy(e, ConnectException.class) != null) {
        throw transientFailure(
            "cannot connect to %s: %s".formatted(host.authority(), reason(e)), e);
      }
      throw transientFailure(
          "connection to %s broke during %s: %s".formatted(host.authority(), what, reason(e)), e);
    }
  }

  private static RegistryException tlsFailure(HostConnection host, IOException e) {
    String advice =
        host.config().tlsVerify()
            ? "; if the registry's certificate comes from a private CA, list the CA under caFiles"
                + " for %s in the registries file; to skip verification, set tlsVerify: false"
                    .formatted(host.config().host())
            : "";
    return new RegistryException(
        Reason.TLS,
        0,
        "TLS with %s failed: %s%s".formatted(host.authority(), reason(e), advice),
        e);
  }

  private static TransientFailure transientFailure(String message, IOException cause) {
    return new TransientFailure(Reason.UNAVAILABLE, 0, message, Optional.empty(), cause);
  }

  /** {@code scheme://host/path}, without the query or user info. */
  static String display(URI uri) {
    return uri.getScheme()
        + "://"
        + uri.getRawAuthority().replaceFirst("^.*@", "")
        + uri.getRawPath();
  }

  private static String reason(Throwable e) {
    Throwable deepest = e;
    while (deepest.getCause() != null && deepest.getCause() != deepest) {
      deepest = deepest.getCause();
    }
    String message = deepest.getMessage();
    return message == null || message.isBlank() ? deepest.getClass().getSimpleName() : message;
  }

  private static <T extends Throwable> T causedBy(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }
}
