package io.berth.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A loopback HTTP/1.1 proxy in front of a plain-HTTP server (a {@link TestRegistry} without TLS)
 * that misbehaves when told to. It records every request with its headers, forwards it, and for
 * requests matching an {@link #inject injected} rule does something else instead: answers a status
 * of its own, hangs up in the middle of the headers or of the body, redirects, stalls, or edits
 * headers on the way. It serves one request per connection, so every fault lands on a fresh
 * exchange; a TLS hello is answered by hanging up.
 *
 * <pre>{@code
 * try (FaultProxy proxy = FaultProxy.start(registry.port())) {
 *   // the first layer download breaks after 4 KiB of its body
 *   proxy.inject(FaultProxy.pathContains("/blobs/"), new FaultProxy.Fault.DropBodyAfter(4096), 1);
 *   ... pull proxy.host() + "/app:1" ...
 *   assertThat(proxy.requests()).anySatisfy(r -> assertThat(r.header("Range")).isPresent());
 * }
 * }</pre>
 */
public final class FaultProxy implements AutoCloseable {
  /** How long a handler waits on a socket, and how long {@link #close()} waits for handlers. */
  static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(10);

  /**
   * A request as the proxy received it.
   *
   * @param path the request target as sent: the path and any query
   * @param headers header names in lower case, the last value of a repeated header
   */
  public record Request(String method, String path, Map<String, String> headers) {
    public Request {
      headers = Map.copyOf(headers);
    }

    /** The value of header {@code name}, whatever its case. */
    public Optional<String> header(String name) {
      return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }
  }

  /** What the proxy does to a matching request instead of (or while) forwarding it. */
  public sealed interface Fault {
    /** Answers {@code code} with these headers and an empty body; nothing is forwarded. */
    record Status(int code, Map<String, String> headers) implements Fault {
      public Status {
        headers = Map.copyOf(headers);
      }
    }

    /** Answers 200 with these bytes, forwarding nothing: a stand-in for redirected-to storage. */
    record Serve(byte[] body) implements Fault {
      public Serve {
        body = body.clone();
      }
    }

    /** Answers with a status line and half a header, then hangs up. */
    record DropMidHeaders() implements Fault {}

    /**
     * Forwards, passes on the response headers and the first {@code bytes} of the body as sent
     * (chunk framing included), then hangs up: a download broken in the middle.
     */
    record DropBodyAfter(long bytes) implements Fault {
      public DropBodyAfter {
        if (bytes < 0) {
          throw new IllegalArgumentException("a negative byte count");
        }
      }
    }

    /** Answers {@code 307 Temporary Redirect} to {@code location}; nothing is forwarded. */
    record Redirect(String location) implements Fault {}

    /** Forwards without the request's Authorization header. */
    record StripAuthorization() implements Fault {}

    /** Forwards, and leaves this header out of the answer. */
    record StripResponseHeader(String name) implements Fault {}

    /** Forwards, and gives this header another value in the answer. */
    record SetResponseHeader(String name, String value) implements Fault {}

    /**
     * Forwards the headers and one byte of the body, then sends nothing more for 10 s (or until the
     * proxy is closed).
     */
    record StallBody() implements Fault {}
  }

  private static final class Rule {
    private final Predicate<Request> when;
    private final Fault fault;
    private int left;

    Rule(Predicate<Request> when, Fault fault, int times) {
      this.when = when;
      this.fault = fault;
      this.left = times;
    }

    synchronized boolean claim(Request request) {
      if (left > 0 && when.test(request)) {
        left--;
        return true;
      }
      return false;
    }
  }

  private final int upstreamPort;
  private final ServerSocket server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final ProxiedExchange exchange;
  private final List<Rule> rules = new CopyOnWriteArrayList<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();

  private FaultProxy(int upstreamPort, ServerSocket server) {
    this.upstreamPort = upstreamPort;
    this.server = server;
    this.exchange = new ProxiedExchange(upstreamPort, open);
  }

  /** Listens on a free loopback port and forwards to {@code 127.0.0.1:upstreamPort}. */
  public static FaultProxy start(int upstreamPort) {
    try {
      FaultProxy proxy =
          new FaultProxy(upstreamPort, new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
      proxy.executor.submit(proxy::acceptLoop);
      return proxy;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on loopback", e);
    }
  }

  public int port() {
    return server.getLocalPort();
  }

  /** {@code 127.0.0.1:PORT}, the registry part of an image reference through the proxy. */
  public String host() {
    return "127.0.0.1:" + port();
  }

  public URI baseUrl() {
    return URI.create("http://" + host());
  }

  /**
   * Applies {@code fault} to the next {@code times} requests that match {@code when}; earlier rules
   * are tried first.
   */
  public void inject(Predicate<Request> when, Fault fault, int times) {
    rules.add(new Rule(when, fault, times));
  }

  /** Forgets every rule, used up or not: from now on every request is forwarded as it is. */
  public void clearFaults() {
    rules.clear();
  }

  /** Every request received so far, oldest first. */
  public List<Request> requests() {
    return List.copyOf(requests);
  }

  public void clearRequests() {
    requests.clear();
  }

  /** Requests whose target contains {@code part}, such as {@code "/blobs/"}. */
  public static Predicate<Request> pathContains(String part) {
    return request -> request.path().contains(part);
  }

  /** Requests with this method, such as {@code "HEAD"}. */
  public static Predicate<Request> method(String name) {
    return request -> request.method().equals(name);
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        open.add(client);
        executor.submit(() -> exchange.serve(client, this::decide));
      } catch (IOException closed) {
        return;
      }
    }
  }

  /**
   * Records the request and picks the fault for it: the first rule with a use left that matches.
   */
  private Fault decide(Request request) {
    requests.add(request);
    for (Rule rule : rules) {
      if (rule.claim(request)) {
        return rule.fault;
      }
    }
    return null;
  }

  /** Stops listening, hangs up every open connection and waits for the handlers to end. */
  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException ignored) {
      // closing is all that is wanted
    }
    for (Socket socket : open) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // already gone
      }
    }
    executor.shutdownNow();
    try {
      if (!executor.awaitTermination(SOCKET_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        throw new IllegalStateException("the fault proxy's handlers did not stop");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "FaultProxy[" + host() + " -> 127.0.0.1:" + upstreamPort + "]";
  }
}
