package io.berth.image.registry;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLConnection;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;

/**
 * How berth reaches one host: its settings, its TLS trust, its timeouts, and the scheme it speaks.
 * A host with tlsVerify false starts with HTTPS (unverified) and moves to plain HTTP for good once
 * a TLS handshake shows that it does not speak TLS, as Docker and podman do for insecure
 * registries.
 *
 * <p>The socket factory is made once per host and kept: the JDK's keep-alive cache files HTTPS
 * connections under the factory that made them, so one factory per host is what lets them be
 * reused.
 */
final class HostConnection {
  /** For tlsVerify false only: the certificate is not checked, so neither is the name in it. */
  private static final HostnameVerifier ANY_HOST = (hostName, session) -> true;

  private final String authority;
  private final HostConfig config;
  private final SSLSocketFactory tls;
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final AtomicReference<String> scheme = new AtomicReference<>("https");

  /**
   * @param connectTimeout how long to wait for the TCP connection
   * @param readTimeout how long any read may wait for bytes: the TLS handshake, the headers of an
   *     answer, each read of a body
   */
  HostConnection(
      String authority,
      HostConfig config,
      SSLSocketFactory tls,
      Duration connectTimeout,
      Duration readTimeout) {
    this.authority = authority;
    this.config = config;
    this.tls = tls;
    this.connectTimeout = connectTimeout;
    this.readTimeout = readTimeout;
  }

  String authority() {
    return authority;
  }

  HostConfig config() {
    return config;
  }

  Duration readTimeout() {
    return readTimeout;
  }

  /**
   * A connection to {@code uri} on this host, with this host's trust and timeouts, not yet
   * connected. With the default hostname verifier the JDK checks the name during the handshake;
   * only a tlsVerify false host gets one that accepts any name.
   */
  HttpURLConnection open(URI uri) throws IOException {
    URLConnection connection = uri.toURL().openConnection();
    if (!(connection instanceof HttpURLConnection http)) {
      throw new IOException("not an HTTP URL: " + Transport.display(uri));
    }
    if (http instanceof HttpsURLConnection https) {
      https.setSSLSocketFactory(tls);
      if (!config.tlsVerify()) {
        https.setHostnameVerifier(ANY_HOST);
      }
    }
    http.setConnectTimeout(millis(connectTimeout));
    http.setReadTimeout(millis(readTimeout));
    return http;
  }

  /** The URI of {@code path} on this host, with the scheme known to work. */
  URI uri(String path) {
    return URI.create(scheme.get() + "://" + authority + path);
  }

  boolean speaksPlainHttp() {
    return scheme.get().equals("http");
  }

  /** Moves to plain HTTP if the user allowed it for this host; false when not allowed. */
  boolean fallBackToPlainHttp() {
    return !config.tlsVerify() && (scheme.compareAndSet("https", "http") || speaksPlainHttp());
  }

  /** A positive number of milliseconds: 0 would mean no limit at all. */
  private static int millis(Duration d) {
    return Math.clamp(d.toMillis(), 1, Integer.MAX_VALUE);
  }

  @Override
  public String toString() {
    return "HostConnection[" + scheme.get() + "://" + authority + "]";
  }
}
