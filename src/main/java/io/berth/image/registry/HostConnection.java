package io.berth.image.registry;

import java.net.URI;
import java.net.http.HttpClient;
import java.util.concurrent.atomic.AtomicReference;

/**
 * How berth reaches one host: its settings, its HTTP client, and the scheme it speaks. A host with
 * tlsVerify false starts with HTTPS (unverified) and moves to plain HTTP for good once a TLS
 * handshake shows that it does not speak TLS, as Docker and podman do for insecure registries.
 */
final class HostConnection {
  private final String authority;
  private final HostConfig config;
  private final HttpClient http;
  private final AtomicReference<String> scheme = new AtomicReference<>("https");

  HostConnection(String authority, HostConfig config, HttpClient http) {
    this.authority = authority;
    this.config = config;
    this.http = http;
  }

  String authority() {
    return authority;
  }

  HostConfig config() {
    return config;
  }

  HttpClient http() {
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

  @Override
  public String toString() {
    return "HostConnection[" + scheme.get() + "://" + authority + "]";
  }
}
