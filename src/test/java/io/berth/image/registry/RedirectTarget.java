package io.berth.image.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Blob storage on another loopback port, where a registry's redirects lead. It records the
 * Authorization header of every request, which must never arrive here.
 */
final class RedirectTarget implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
  private final List<Optional<String>> authorizations = new CopyOnWriteArrayList<>();

  RedirectTarget() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Serves {@code bytes} at {@code path} and returns its URL, with a signature-like query. */
  String serve(String path, byte[] bytes) {
    blobs.put(path, bytes);
    return "http://127.0.0.1:" + server.getAddress().getPort() + path + "?X-Signature=s3cr3t";
  }

  /** The Authorization header of each request received (empty when there was none). */
  List<Optional<String>> authorizations() {
    return List.copyOf(authorizations);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      authorizations.add(
          Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization")));
      byte[] body = blobs.get(exchange.getRequestURI().getPath());
      if (body == null) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
