package io.berth.image.registry;

import io.berth.image.registry.RegistryException.Reason;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.PasswordAuthentication;
import java.net.ProtocolException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * Sends one HTTP request over {@link HttpURLConnection} and sorts what can go wrong into what may
 * pass ({@link TransientFailure}) and what will not ({@link RegistryException}). Messages name the
 * host and path, never the query (a storage redirect's query is a signature) nor any header.
 *
 * <p>The JDK is kept from acting on its own: it follows no redirect (berth decides where its
 * Authorization header may go) and answers no 401 (berth's {@link Authenticator} does).
 */
final class Transport {
  /** Never answers: a 401 comes back to berth instead of a JDK-wide authenticator. */
  private static final java.net.Authenticator NO_ANSWERS =
      new java.net.Authenticator() {
        @Override
        protected PasswordAuthentication getPasswordAuthentication() {
          return null;
        }
      };

  private Transport() {}

  static Response send(HostConnection host, Request request) throws IOException {
    String what = request.method() + " " + display(request.uri());
    HttpURLConnection connection = host.open(request.uri());
    connection.setRequestMethod(request.method());
    connection.setInstanceFollowRedirects(false);
    connection.setUseCaches(false);
    connection.setAuthenticator(NO_ANSWERS);
    request.headers().forEach(connection::setRequestProperty);

    long start = System.nanoTime();
    try {
      // TCP, and for HTTPS the handshake; a connection from the keep-alive cache is already there.
      connection.connect();
    } catch (IOException e) {
      connection.disconnect();
      throw connectFailure(host, what, e, Duration.ofNanos(System.nanoTime() - start));
    }
    try {
      int status = connection.getResponseCode();
      if (status < 0) {
        throw new ProtocolException("the answer is not HTTP");
      }
      Headers headers = headers(connection);
      return new Response(
          status,
          headers,
          new ResponseBody(
              connection,
              status >= 400 ? connection.getErrorStream() : connection.getInputStream(),
              declaredLength(request, status, headers),
              what),
          request.uri());
    } catch (IOException e) {
      connection.disconnect();
      throw answerFailure(host, what, e);
    }
  }

  /**
   * The header fields, in order. A line without a name means the headers were cut off (the JDK
   * takes the end of the connection for their end) or are not HTTP.
   */
  private static Headers headers(HttpURLConnection connection) throws ProtocolException {
    Map<String, List<String>> fields = new LinkedHashMap<>();
    for (int i = 1; ; i++) { // field 0 is the status line
      String value = connection.getHeaderField(i);
      if (value == null) {
        return new Headers(fields);
      }
      String name = connection.getHeaderFieldKey(i);
      if (name == null) {
        throw new ProtocolException("the headers of the answer are cut off or malformed");
      }
      fields.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }
  }

  /** The body's length as the answer declares it: 0 for none, -1 when unknown. */
  private static long declaredLength(Request request, int status, Headers headers) {
    if (request.method().equals("HEAD") || status == 204 || status == 304 || status < 200) {
      return 0;
    }
    boolean chunked =
        headers.allValues("Transfer-Encoding").stream()
            .anyMatch(v -> v.toLowerCase(Locale.ROOT).contains("chunked"));
    return chunked ? -1 : headers.firstValueAsLong("Content-Length").orElse(-1);
  }

  private static IOException connectFailure(
      HostConnection host, String what, IOException e, Duration waited) {
    if (Thread.currentThread().isInterrupted()) {
      return interrupted(what, e);
    }
    if (causedBy(e, SSLException.class) != null) {
      return tlsFailure(host, e);
    }
    if (causedBy(e, SocketTimeoutException.class) != null) {
      // The TCP connection within the connect timeout, or the TLS handshake within the read
      // timeout: say how long berth did wait.
      return transientFailure(
          "cannot connect to %s: no connection within %s"
              .formatted(host.authority(), Retrier.seconds(waited)),
          e);
    }
    return transientFailure("cannot connect to %s: %s".formatted(host.authority(), reason(e)), e);
  }

  private static IOException answerFailure(HostConnection host, String what, IOException e) {
    if (Thread.currentThread().isInterrupted()) {
      return interrupted(what, e);
    }
    if (causedBy(e, SSLException.class) != null) {
      return tlsFailure(host, e);
    }
    if (causedBy(e, SocketTimeoutException.class) != null) {
      return transientFailure(
          "%s sent no answer to %s within %s"
              .formatted(host.authority(), what, Retrier.seconds(host.readTimeout())),
          e);
    }
    if (causedBy(e, ConnectException.class) != null) {
      // The JDK opens a new connection itself when a kept-alive one turns out closed.
      return transientFailure("cannot connect to %s: %s".formatted(host.authority(), reason(e)), e);
    }
    return transientFailure(
        "connection to %s broke during %s: %s".formatted(host.authority(), what, reason(e)), e);
  }

  private static InterruptedIOException interrupted(String what, IOException e) {
    InterruptedIOException interrupted = new InterruptedIOException("interrupted during " + what);
    interrupted.initCause(e);
    return interrupted;
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
    if (deepest instanceof UnknownHostException) {
      return "unknown host " + message;
    }
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
