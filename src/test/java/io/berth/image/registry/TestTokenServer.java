package io.berth.image.registry;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.berth.spec.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A token service for the registry's {@code auth.token}: it checks Basic credentials and answers
 * with an RS256 JWT whose signing certificate travels in the {@code x5c} header, the certificate
 * being the registry's {@code rootcertbundle}. It grants whatever a known user asks for.
 */
final class TestTokenServer implements AutoCloseable {
  /** One request the server saw. */
  record Seen(String scope, boolean withCredentials) {}

  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final PrivateKey key;
  private final String x5c;
  private final String user;
  private final String password;
  private final List<Seen> requests = new CopyOnWriteArrayList<>();
  private final List<String> issued = new CopyOnWriteArrayList<>();
  private volatile long expiresIn = 300;

  TestTokenServer(Path keyPem, Path certPem, String user, String password)
      throws IOException, GeneralSecurityException {
    this.key = readKey(keyPem);
    X509Certificate cert = TlsTrust.readCertificates(certPem).getFirst();
    this.x5c = Base64.getEncoder().encodeToString(cert.getEncoded());
    this.user = user;
    this.password = password;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext("/token", this::handle);
    server.start();
  }

  String realm() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
  }

  List<Seen> requests() {
    return List.copyOf(requests);
  }

  /** Every token handed out so far. */
  List<String> issued() {
    return List.copyOf(issued);
  }

  void expiresIn(long seconds) {
    this.expiresIn = seconds;
  }

  /** A token for {@code scope}, as the server would issue it; for pushing test content. */
  String issue(String subject, String scope) throws GeneralSecurityException {
    ObjectNode header = Json.lenient().createObjectNode();
    header.put("typ", "JWT").put("alg", "RS256").putArray("x5c").add(x5c);
    long now = Instant.now().getEpochSecond();
    ObjectNode claims = Json.lenient().createObjectNode();
    claims
        .put("iss", LocalRegistry.TOKEN_ISSUER)
        .put("sub", subject)
        .put("aud", LocalRegistry.TOKEN_SERVICE)
        .put("exp", now + Math.max(expiresIn, 1))
        .put("nbf", now - 10)
        .put("iat", now)
        .put("jti", UUID.randomUUID().toString());
    ArrayNode access = claims.putArray("access");
    if (scope != null) {
      for (String one : scope.split(" ")) {
        String[] parts = one.split(":");
        if (parts.length == 3) {
          ObjectNode entry = access.addObject().put("type", parts[0]).put("name", parts[1]);
          for (String action : parts[2].split(",")) {
            entry.withArray("actions").add(action);
          }
        }
      }
    }
    String signingInput = base64Url(header.toString()) + "." + base64Url(claims.toString());
    Signature signature = Signature.getInstance("SHA256withRSA");
    signature.initSign(key);
    signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
    String token =
        signingInput
            + "."
            + Base64.getUrlEncoder().withoutPadding().encodeToString(signature.sign());
    issued.add(token);
    return token;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Map<String, String> query = query(exchange.getRequestURI());
      String auth = exchange.getRequestHeaders().getFirst("Authorization");
      requests.add(new Seen(query.get("scope"), auth != null));
      String expected =
          "Basic "
              + Base64.getEncoder()
                  .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
      if (!expected.equals(auth) || !LocalRegistry.TOKEN_SERVICE.equals(query.get("service"))) {
        reply(
            exchange, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"bad login\"}]}");
        return;
      }
      String token = issue(user, query.get("scope"));
      reply(
          exchange,
          200,
          "{\"token\":\"%s\",\"expires_in\":%d,\"issued_at\":\"%s\"}"
              .formatted(token, expiresIn, Instant.now()));
    } catch (GeneralSecurityException e) {
      throw new IOException(e);
    }
  }

  private static void reply(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static Map<String, String> query(URI uri) {
    Map<String, String> params = new LinkedHashMap<>();
    String raw = uri.getRawQuery();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          params.merge(
              URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
              URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8),
              (a, b) -> a + " " + b);
        }
      }
    }
    return params;
  }

  private static PrivateKey readKey(Path pem) throws IOException, GeneralSecurityException {
    String base64 =
        Files.readString(pem)
            .replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "")
            .replaceAll("\\s", "");
    return KeyFactory.getInstance("RSA")
        .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
  }

  private static String base64Url(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
