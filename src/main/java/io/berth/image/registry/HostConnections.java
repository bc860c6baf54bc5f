package io.berth.image.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link HostConnection} of each host berth has talked to, made on first use: its settings, TLS
 * socket factory (the trust differs from host to host) and scheme. The connections themselves live
 * in the JDK's keep-alive cache, shared by the whole process, which closes those left idle (after 5
 * s, unless the server asks otherwise); answers still being read belong to their readers.
 */
final class HostConnections implements AutoCloseable {
  private final RegistryConfig config;
  private final Map<String, HostConnection> hosts = new ConcurrentHashMap<>();

  HostConnections(RegistryConfig config) {
    this.config = config;
  }

  RegistryConfig config() {
    return config;
  }

  /**
   * The connection to {@code authority} ({@code host[:port]} as it appears in URLs; Docker Hub's
   * API host is {@code registry-1.docker.io}).
   */
  HostConnection forAuthority(String authority) throws IOException {
    try {
      return hosts.computeIfAbsent(authority, this::open);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  HostConnection forUri(URI uri) throws IOException {
    return forAuthority(uri.getRawAuthority());
  }

  private HostConnection open(String authority) {
    HostConfig host = config.host(authority);
    try {
      return new HostConnection(
          authority,
          host,
          TlsTrust.contextFor(host).getSocketFactory(),
          config.connectTimeout(),
          config.responseTimeout());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    hosts.clear();
  }
}
