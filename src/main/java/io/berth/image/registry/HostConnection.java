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
 * registries. When such a host names its port, one plain-text probe decides first: a cold TLS
 * handshake costs a fresh JVM about 400 ms of CPU, a probe a millisecond, and the outcome is the
 * same, since a port speaks one or the other.
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
  private SSLSocketFactory tls; // made at the first https connection: plain HTTP needs none
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final AtomicReference<String> scheme = new AtomicReference<>("https");
  private volatile boolean probed;

  /**
   * @param connectTimeout how long to wait for the TCP connection
   * @param readTimeout how long any read may wait for bytes: the TLS handshake, the headers of an
   *     answer, each read of a body
   */
  HostConnection(
      String authority, HostConfig config, Duration connectTimeout, Duration readTimeout) {
    this.authority = authority;
    this.config = config;
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
      https.setSSLSocketFactory(tls());
      if (!config.tlsVerify()) {
        https.setHostnameVerifier(ANY_HOST);
      }
    }
    http.setConnectTimeout(millis(connectTimeout));
    http.setReadTimeout(millis(readTimeout));
    return http;
  }

  /**
   * This host's TLS trust, made once, when first needed: reading the system's trust store is a good
   * part of a short pull's start-up, and a registry on plain HTTP never needs it.
   */
  private synchronized SSLSocketFactory tls() throws IOException {
    if (tls == null) {
      tls = TlsTrust.contextFor(config).getSocketFactory();
    }
    return tls;
  }

  /** The URI of {@code path} on this host, with the scheme known to work. */
  URI uri(String path) {
    if (!probed && !config.tlsVerify()) {
      probePlainHttp();
    }
    return URI.create(scheme.get() + "://" + authority + path);
  }

  /**
   * Asks the host's port for {@code /v2/} in plain HTTP. A registry answers 200 or 401 there (the
   * distribution spec's version check); only that means the port does not speak TLS. Go's TLS
   * servers answer plain requests with a 400 of their own, so any other answer, or none, leaves
   * HTTPS to be tried as usual.
   */
  private void probePlainHttp() {
    probed = true;
    URI base = URI.create("http://" + authority + "/");
    if (base.getPort() < 0 || base.getHost() == null) {
      return; // https and http would be different ports: nothing to learn here
    }
    try (java.net.Socket socket = new java.net.Socket()) {
      socket.connect(
          new java.net.InetSocketAddress(base.getHost(), base.getPort()), millis(connectTimeout));
      socket.setSoTimeout(Math.min(2000, millis(readTimeout)));
      socket
          .getOutputStream()
          .write(
              ("GET /v2/ HTTP/1.0\r\nHost: " + authority + "\r\n\r\n")
                  .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      byte[] head = socket.getInputStream().readNBytes(12);
      String status = new String(head, java.nio.charset.StandardCharsets.US_ASCII);
      if (status.matches("HTTP/1\\.[01] (200|401)")) {
        scheme.set("http");
      }
    } catch (IOException e) {
      // unreachable or not HTTP: the normal path reports what is wrong
    }
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
