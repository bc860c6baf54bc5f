package io.berth.image.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One {@link HttpClient} per host, since the TLS trust differs from host to host, all on virtual
 * threads. Redirects are never followed by the JDK: {@link RegistryChannel} follows them itself so
 * that the registry's Authorization header does not travel to another host.
 */
final class HostConnections implements AutoCloseable {
  private final RegistryConfig config;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
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
    HttpClient client;
    try {
      client =
          HttpClient.newBuilder()
              // HTTP/1.1 keeps plain-HTTP registries simple (no h2c upgrade) and is what every
              // registry and storage backend speaks.
              .version(HttpClient.Version.HTTP_1_1)
              .followRedirects(HttpClient.Redirect.NEVER)
              .connectTimeout(config.connectTimeout())
              .sslContext(TlsTrust.contextFor(host))
              .executor(executor)
              .build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new HostConnection(authority, host, client);
  }

  @Override
  public void close() {
    for (HostConnection host : hosts.values()) {
      host.http().shutdownNow();
    }
    hosts.clear();
    executor.shutdownNow();
  }
}
