package io.berth.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.berth.spec.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A Docker registry token server on loopback: {@code GET /token?service=..&scope=..} with optional
 * Basic credentials answers {@code {"token", "access_token", "expires_in", "issued_at"}}. It
 * records every request it answers and every token it issues, so a test can assert that a client
 * caches tokens instead of asking for one per request, or never asked at all; and a test can
 * shorten the lifetime of the tokens it issues from then on, to watch a client renew them.
 */
public final class TokenServer implements AutoCloseable {
  private static final String PATH = "/token";

  private final HttpServer server;
  private final ExecutorService executor;
  private final TokenSigner signer;
  private final String service;
  private final Map<String, String> passwords;
  private final boolean requireCredentials;
  private final TokenPolicy policy;
  private final String realmHost;
  private volatile Duration lifetime;
  private final List<TokenRequest> issued = new CopyOnWriteArrayList<>();
  private final List<TokenCall> calls = new CopyOnWriteArrayList<>();

  private TokenServer(Builder builder, TokenSigner signer) throws IOException {
    this.signer = signer;
    this.service = builder.service;
    this.passwords = Map.copyOf(builder.passwords);
    this.requireCredentials = builder.requireCredentials;
    this.policy = builder.policy;
    this.lifetime = builder.lifetime;
    this.realmHost = builder.realmHost;
    this.executor = Executors.newVirtualThreadPerTaskExecutor();
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext(PATH, this::handle);
    server.start();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The URL the registry's {@code WWW-Authenticate: Bearer realm=...} points clients at. */
  public URI realm() {
    return URI.create("http://%s:%d%s".formatted(realmHost, server.getAddress().getPort(), PATH));
  }

  /** The registry's service name: the {@code aud} of every token. */
  public String service() {
    return service;
  }

  public TokenSigner signer() {
    return signer;
  }

  /** How many tokens were issued so far. */
  public int issuedTokens() {
    return issued.size();
  }

  /** The tokens issued so far, oldest first. */
  public List<TokenRequest> issued() {
    return List.copyOf(issued);
  }

  /** Every request the server answered so far, issued or refused, oldest first. */
  public List<TokenCall> requests() {
    return List.copyOf(calls);
  }

  /** How long the tokens issued from now on last. */
  public Duration lifetime() {
    return lifetime;
  }

  /**
   * Changes how long the tokens issued from now on last ({@code exp} and {@code expires_in});
   * tokens already issued keep theirs.
   */
  public void setLifetime(Duration tokenLifetime) {
    this.lifetime = Builder.checkLifetime(tokenLifetime);
  }

  /** Issues a token directly, as a client that already holds these credentials would get it. */
  public String tokenFor(Optional<Credentials> user, Scope... scopes) {
    Optional<String> name = user.filter(this::valid).map(Credentials::username);
    return issue(name, List.of(scopes), lifetime);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.close();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!exchange.getRequestMethod().equals("GET")) {
        // the OAuth2 POST form is optional in the protocol; clients fall back on GET after 405
        respond(exchange, 405, error("only GET is supported"));
        return;
      }
      Map<String, List<String>> query = query(exchange.getRequestURI().getRawQuery());
      List<Scope> requested = new ArrayList<>();
      for (String value : query.getOrDefault("scope", List.of())) {
        // one parameter may carry several scopes separated by spaces
        for (String scope : value.split(" ")) {
          if (!scope.isBlank()) {
            requested.add(Scope.parse(scope));
          }
        }
      }
      boolean withCredentials = exchange.getRequestHeaders().containsKey("Authorization");
      String requestedService = query.getOrDefault("service", List.of("")).getFirst();
      if (!requestedService.equals(service)) {
        calls.add(new TokenCall(withCredentials, requested, 400));
        respond(exchange, 400, error("unknown service '" + requestedService + "'"));
        return;
      }
      Optional<Optional<String>> user = authenticate(exchange);
      if (user.isEmpty() || (requireCredentials && user.get().isEmpty())) {
        calls.add(new TokenCall(withCredentials, requested, 401));
        exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"berth-test-token\"");
        respond(exchange, 401, error("authentication required"));
        return;
      }
      calls.add(new TokenCall(withCredentials, requested, 200));
      Duration life = lifetime;
      String token = issue(user.get(), requested, life);
      ObjectNode body = Json.lenient().createObjectNode();
      body.put("token", token);
      body.put("access_token", token);
      body.put("expires_in", life.toSeconds());
      body.put("issued_at", Instant.now().toString());
      respond(exchange, 200, body);
    } catch (RuntimeException e) {
      respond(exchange, 500, error(e.toString()));
    }
  }

  private String issue(Optional<String> user, List<Scope> requested, Duration life) {
    List<Scope> granted = new ArrayList<>();
    for (Scope scope : requested) {
      Set<String> actions = new HashSet<>(policy.grant(user, scope));
      actions.retainAll(scope.actions());
      if (!actions.isEmpty()) {
        granted.add(new Scope(scope.type(), scope.name(), actions));
      }
    }
    String token = signer.sign(user.orElse(""), service, granted, life);
    issued.add(new TokenRequest(user, requested, granted, token));
    return token;
  }

  /** Empty when credentials were sent and are wrong; an empty user when none were sent. */
  private Optional<Optional<String>> authenticate(HttpExchange exchange) {
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    if (header == null) {
      return Optional.of(Optional.empty());
    }
    if (!header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return Optional.empty();
    }
    String decoded;
    try {
      decoded =
          new String(
              Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    int colon = decoded.indexOf(':');
    if (colon <= 0) {
      return Optional.empty();
    }
    String name = decoded.substring(0, colon);
    String password = decoded.substring(colon + 1);
    return password.equals(passwords.get(name)) ? Optional.of(Optional.of(name)) : Optional.empty();
  }

  private boolean valid(Credentials user) {
    return user.password().equals(passwords.get(user.username()));
  }

  private static Map<String, List<String>> query(String raw) {
    Map<String, List<String>> params = new HashMap<>();
    if (raw == null) {
      return params;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value =
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      params.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    }
    return params;
  }

  private static ObjectNode error(String message) {
    ObjectNode body = Json.lenient().createObjectNode();
    body.putArray("errors").addObject().put("code", "UNAUTHORIZED").put("message", message);
    return body;
  }

  private static void respond(HttpExchange exchange, int status, ObjectNode body) {
    try {
      byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, bytes.length);
      exchange.getResponseBody().write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** How a token server behaves; {@link #start(Path)} makes its signing key in {@code dir}. */
  public static final class Builder {
    private String service = "berth-test-registry";
    private String issuer = "berth-test-token-issuer";
    private final Map<String, String> passwords = new HashMap<>();
    private boolean requireCredentials;
    private TokenPolicy policy = TokenPolicy.usersOnly();
    private Duration lifetime = Duration.ofMinutes(5);
    private String realmHost = "127.0.0.1";

    private Builder() {}

    public Builder service(String name) {
      this.service = name;
      return this;
    }

    public Builder issuer(String name) {
      this.issuer = name;
      return this;
    }

    public Builder user(Credentials credentials) {
      passwords.put(credentials.username(), credentials.password());
      return this;
    }

    /** Refuses anonymous token requests with 401 instead of issuing a token that grants less. */
    public Builder requireCredentials(boolean required) {
      this.requireCredentials = required;
      return this;
    }

    public Builder policy(TokenPolicy grants) {
      this.policy = grants;
      return this;
    }

    /** How long tokens last ({@code expires_in}); short ones let a test watch a client renew. */
    public Builder lifetime(Duration tokenLifetime) {
      this.lifetime = checkLifetime(tokenLifetime);
      return this;
    }

    /**
     * The host name {@link #realm()} names; the server still listens on 127.0.0.1. {@code
     * localhost} makes it another host to a client that reaches the registry as 127.0.0.1.
     */
    public Builder realmHost(String host) {
      this.realmHost = host;
      return this;
    }

    private static Duration checkLifetime(Duration tokenLifetime) {
      if (tokenLifetime.toSeconds() < 1) {
        throw new IllegalArgumentException("a token lives at least a second");
      }
      return tokenLifetime;
    }

    public TokenServer start(Path dir) {
      TokenSigner signer = TokenSigner.generate(dir, issuer);
      try {
        return new TokenServer(this, signer);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start the token server", e);
      }
    }
  }
}
