package io.berth.telemetry;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.VirtualThreads;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Plain HTTP on a TCP address that serves {@code GET /metrics} and nothing else, for a Prometheus
 * server that cannot reach the API's Unix socket. It takes no credentials: bind it to an address
 * only scrapers reach. Close it to stop listening.
 */
public final class MetricsListener implements AutoCloseable {
  private final Server server;
  private final ServerConnector connector;

  private MetricsListener(Server server, ServerConnector connector) {
    this.server = server;
    this.connector = connector;
  }

  /**
   * Listens on {@code address} (port 0 picks a free one).
   *
   * @throws IOException when the address cannot be bound, naming it
   */
  public static MetricsListener start(InetSocketAddress address, Telemetry telemetry)
      throws IOException {
    QueuedThreadPool threads = new QueuedThreadPool(4, 1);
    threads.setName("berth-metrics");
    threads.setVirtualThreadsExecutor(
        VirtualThreads.getNamedVirtualThreadsExecutor("berth-metrics-"));
    Server server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost(address.getHostString());
    connector.setPort(address.getPort());
    server.addConnector(connector);
    server.setHandler(new MetricsHandler(telemetry));
    server.setStopTimeout(2000);
    try {
      server.start();
    } catch (Exception e) {
      try {
        server.stop();
      } catch (Exception stop) {
        e.addSuppressed(stop);
      }
      throw new IOException(
          "cannot serve metrics on %s:%d: %s"
              .formatted(address.getHostString(), address.getPort(), e.getMessage()),
          e);
    }
    return new MetricsListener(server, connector);
  }

  /** The port it listens on (the one chosen when 0 was asked). */
  public int port() {
    return connector.getLocalPort();
  }

  public String host() {
    return connector.getHost();
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("could not stop the metrics listener: " + e.getMessage(), e);
    }
  }

  /** {@code GET /metrics}; 404 for other paths, 405 for other methods. */
  private static final class MetricsHandler extends Handler.Abstract {
    private final Telemetry telemetry;

    MetricsHandler(Telemetry telemetry) {
      super(InvocationType.BLOCKING);
      this.telemetry = telemetry;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
      String path = request.getHttpURI().getPath();
      String method = request.getMethod();
      if (!"/metrics".equals(path)) {
        answer(response, callback, 404, "not found: only /metrics is served here\n");
      } else if (!method.equals("GET") && !method.equals("HEAD")) {
        response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
        answer(response, callback, 405, "method not allowed: GET /metrics\n");
      } else {
        Exposition metrics = telemetry.scrape(request.getHeaders().get(HttpHeader.ACCEPT));
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, metrics.contentType());
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, metrics.body().length);
        response.write(
            true,
            method.equals("HEAD") ? ByteBuffer.allocate(0) : ByteBuffer.wrap(metrics.body()),
            callback);
      }
      return true;
    }

    private static void answer(Response response, Callback callback, int status, String text) {
      byte[] body = text.getBytes(StandardCharsets.UTF_8);
      response.setStatus(status);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain;charset=utf-8");
      response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
      response.write(true, ByteBuffer.wrap(body), callback);
    }
  }
}
