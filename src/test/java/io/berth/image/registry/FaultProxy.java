package io.berth.image.registry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * A loopback HTTP/1.1 proxy in front of a registry that misbehaves on request: it answers with a
 * status, drops the connection in the middle of the headers, redirects, or changes headers on the
 * way. One request per connection, so that every fault lands on a fresh exchange.
 */
final class FaultProxy implements AutoCloseable {

  /** A request as the proxy saw it; header names in lower case. */
  record Request(String method, String path, Map<String, String> headers) {}

  /** What to do instead of (or while) forwarding. */
  sealed interface Fault {
    record Status(int code, Map<String, String> headers) implements Fault {}

    record DropMidHeaders() implements Fault {}

    record Redirect(String location) implements Fault {}

    /** Forward without the request's Authorization header. */
    record StripAuthorization() implements Fault {}

    /** Forward, and leave this header out of the answer. */
    record StripResponseHeader(String name) implements Fault {}

    /** Forward the headers and one byte of the body, then send nothing more for 10 s. */
    record StallBody() implements Fault {}

    /** Forward, and give this header another value in the answer. */
    record SetResponseHeader(String name, String value) implements Fault {}
  }

  private record Rule(Predicate<Request> when, Fault fault, int[] left) {}

  private final int upstreamPort;
  private final ServerSocket server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final List<Rule> rules = new CopyOnWriteArrayList<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();

  FaultProxy(int upstreamPort) throws IOException {
    this.upstreamPort = upstreamPort;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    executor.submit(this::acceptLoop);
  }

  int port() {
    return server.getLocalPort();
  }

  String authority() {
    return "127.0.0.1:" + port();
  }

  /** Applies {@code fault} to the next {@code times} requests that match {@code when}. */
  void inject(Predicate<Request> when, Fault fault, int times) {
    rules.add(new Rule(when, fault, new int[] {times}));
  }

  void clearFaults() {
    rules.clear();
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  void clearRequests() {
    requests.clear();
  }

  static Predicate<Request> pathContains(String part) {
    return r -> r.path().contains(part);
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        executor.submit(() -> serve(client));
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void serve(Socket client) {
    try (client) {
      client.setSoTimeout(10_000);
      InputStream in = client.getInputStream();
      OutputStream out = client.getOutputStream();
      List<String> head = readHead(in);
      if (head.isEmpty()) {
        return; // not HTTP (a TLS hello) or nothing at all: hang up
      }
      String[] line = head.getFirst().split(" ");
      Map<String, String> headers = new LinkedHashMap<>();
      for (String header : head.subList(1, head.size())) {
        int colon = header.indexOf(':');
        headers.put(
            header.substring(0, colon).strip().toLowerCase(Locale.ROOT),
            header.substring(colon + 1).strip());
      }
      Request request = new Request(line[0], line[1], headers);
      requests.add(request);
      Fault fault = faultFor(request);
      switch (fault) {
        case Fault.Status s -> {
          StringBuilder answer = new StringBuilder("HTTP/1.1 " + s.code() + " Injected\r\n");
          s.headers().forEach((k, v) -> answer.append(k).append(": ").append(v).append("\r\n"));
          answer.append("Content-Length: 0\r\nConnection: close\r\n\r\n");
          out.write(answer.toString().getBytes(StandardCharsets.US_ASCII));
        }
        case Fault.DropMidHeaders d ->
            out.write("HTTP/1.1 200 OK\r\nContent-Ty".getBytes(StandardCharsets.US_ASCII));
        case Fault.Redirect r ->
            out.write(
                ("HTTP/1.1 307 Temporary Redirect\r\nLocation: %s\r\nContent-Length: 0\r\n"
                        + "Connection: close\r\n\r\n")
                    .formatted(r.location())
                    .getBytes(StandardCharsets.US_ASCII));
        case Fault.StripAuthorization s -> forward(head, out, "authorization", null, null, false);
        case Fault.StripResponseHeader s -> forward(head, out, null, s.name(), null, false);
        case Fault.SetResponseHeader s ->
            forward(head, out, null, s.name(), s.name() + ": " + s.value(), false);
        case Fault.StallBody s -> forward(head, out, null, null, null, true);
        case null -> forward(head, out, null, null, null, false);
      }
      out.flush();
    } catch (IOException e) {
      // the client went away; nothing to do
    }
  }

  private Fault faultFor(Request request) {
    for (Rule rule : rules) {
      synchronized (rule) {
        if (rule.left()[0] > 0 && rule.when().test(request)) {
          rule.left()[0]--;
          return rule.fault();
        }
      }
    }
    return null;
  }

  private void forward(
      List<String> head,
      OutputStream out,
      String dropRequestHeader,
      String dropResponseHeader,
      String addResponseHeader,
      boolean stall)
      throws IOException {
    try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort)) {
      upstream.setSoTimeout(10_000);
      StringBuilder request = new StringBuilder(head.getFirst()).append("\r\n");
      for (String header : head.subList(1, head.size())) {
        String name = header.substring(0, header.indexOf(':')).strip().toLowerCase(Locale.ROOT);
        if (!name.equals("connection") && !name.equals(dropRequestHeader)) {
          request.append(header).append("\r\n");
        }
      }
      request.append("Connection: close\r\n\r\n");
      upstream.getOutputStream().write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
      upstream.getOutputStream().flush();
      InputStream answer = upstream.getInputStream();
      List<String> responseHead = readHead(answer);
      StringBuilder response = new StringBuilder();
      for (String header : responseHead) {
        String name =
            header.contains(":")
                ? header.substring(0, header.indexOf(':')).strip().toLowerCase(Locale.ROOT)
                : "";
        if (dropResponseHeader == null || !name.equalsIgnoreCase(dropResponseHeader)) {
          response.append(header).append("\r\n");
        }
      }
      if (addResponseHeader != null) {
        response.append(addResponseHeader).append("\r\n");
      }
      response.append("\r\n");
      out.write(response.toString().getBytes(StandardCharsets.ISO_8859_1));
      if (stall) {
        out.write(answer.read());
        out.flush();
        try {
          Thread.sleep(10_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return;
      }
      answer.transferTo(out);
    } catch (SocketException e) {
      // either side hung up
    }
  }

  /** The request or status line and headers, up to the blank line; empty when not HTTP. */
  private static List<String> readHead(InputStream in) throws IOException {
    List<String> lines = new ArrayList<>();
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int first = in.read();
    if (first < 0 || first == 0x16) {
      return List.of();
    }
    int c = first;
    while (c >= 0) {
      if (c == '\n') {
        String text = line.toString(StandardCharsets.ISO_8859_1).stripTrailing();
        if (text.isEmpty()) {
          return lines;
        }
        lines.add(text);
        line.reset();
      } else {
        line.write(c);
      }
      c = in.read();
    }
    return lines;
  }

  @Override
  public void close() throws IOException {
    server.close();
    executor.shutdownNow();
  }
}
