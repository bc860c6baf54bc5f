package io.berth.image.registry;

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
  HostConnection forAuthority(String authority) {
    return hosts.computeIfAbsent(authority, this::open);
  }

  HostConnection forUri(URI uri) {
    return forAuthority(uri.getRawAuthority());
  }

  private HostConnection open(String authority) {
    return new HostConnection(
        authority, config.host(authority), config.connectTimeout(), config.responseTimeout());
  }

  @Override
  public void close() {
    hosts.clear();
  }
}
