package io.berth.config;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** A JDK HTTP server on a loopback port that answers what the test says and records requests. */
final class LoopbackHttp implements AutoCloseable {
  /** A request as the server saw it. */
  record Request(String method, String path, String query, Headers headers, byte[] body) {
    String header(String name) {
      return headers.getFirst(name);
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** An answer, its body sent with a Content-Length or in chunks. */
  record Response(int status, Map<String, String> headers, byte[] body, boolean chunked) {
    /** No answer at all until the server closes. */
    static final Response HANG = new Response(0, Map.of(), new byte[0], false);

    static Response of(int status, String body, String... headers) {
      Map<String, String> map = new java.util.LinkedHashMap<>();
      for (int i = 0; i + 1 < headers.length; i += 2) {
        map.put(headers[i], headers[i + 1]);
      }
      return new Response(status, map, body.getBytes(StandardCharsets.UTF_8), false);
    }

    Response inChunks() {
      return new Response(status, headers, body, true);
    }
  }

  @FunctionalInterface
  interface Handler {
    Response handle(Request request) throws Exception;
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final CountDownLatch released = new CountDownLatch(1);

  private LoopbackHttp(Handler handler) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext("/", exchange -> serve(exchange, handler));
    server.start();
  }

  static LoopbackHttp start(Handler handler) throws IOException {
    return new LoopbackHttp(handler);
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:%d%s".formatted(server.getAddress().getPort(), path));
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  private void serve(HttpExchange exchange, Handler handler) throws IOException {
    try (exchange;
        InputStream in = exchange.getRequestBody()) {
      Request request =
          new Request(
              exchange.getRequestMethod(),
              exchange.getRequestURI().getPath(),
              exchange.getRequestURI().getRawQuery(),
              exchange.getRequestHeaders(),
              in.readAllBytes());
      requests.add(request);
      Response response;
      try {
        response = handler.handle(request);
      } catch (Exception e) {
        response = Response.of(500, e.toString());
      }
      if (response == Response.HANG) {
        released.await(30, TimeUnit.SECONDS);
        return;
      }
      response.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
      boolean empty = response.body().length == 0 || response.status() == 304;
      exchange.sendResponseHeaders(
          response.status(), empty ? -1 : response.chunked() ? 0 : response.body().length);
      if (!empty) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(response.body());
        }
      }
    } catch (IOException e) {
      // the client went away (a cancelled download): nothing to answer
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    released.countDown();
    server.stop(0);
    executor.close();
  }
}
