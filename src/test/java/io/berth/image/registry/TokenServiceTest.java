package io.berth.image.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The token answer's shapes, against a loopback token service that says what the test wants. */
@Timeout(30)
class TokenServiceTest {
  static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

  HttpServer server;
  HostConnections connections;
  TokenService service;
  final AtomicReference<String> answer = new AtomicReference<>();
  final List<String> queries = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/token",
        exchange -> {
          queries.add(exchange.getRequestURI().getRawQuery());
          byte[] body = answer.get().getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    connections = new HostConnections(RegistryConfig.defaults());
    service =
        new TokenService(
            connections, new Retrier(RetryPolicy.none(), new Random(1)), InstantSource.fixed(NOW));
  }

  @AfterEach
  void stop() {
    connections.close();
    server.stop(0);
  }

  BearerToken fetch() throws IOException {
    String realm = "http://127.0.0.1:" + server.getAddress().getPort() + "/token?x=1";
    return service.fetch(
        "127.0.0.1:5000",
        "127.0.0.1",
        new AuthChallenge.Bearer(realm, "my registry", null, null),
        "repository:a/b:pull",
        Optional.empty());
  }

  @Test
  void fetch_accessTokenWithoutExpiry_usesItForTheDefaultMinuteLessAMargin() throws Exception {
    answer.set("{\"access_token\":\"abc\"}");

    BearerToken token = fetch();

    assertThat(token.value()).isEqualTo("abc");
    assertThat(token.refreshAt()).isEqualTo(NOW.plus(Duration.ofSeconds(54)));
    assertThat(queries).containsExactly("x=1&service=my+registry&scope=repository%3Aa%2Fb%3Apull");
  }

  @Test
  void fetch_tokenWithExpiresIn_honoursIt() throws Exception {
    answer.set("{\"token\":\"t1\",\"access_token\":\"t2\",\"expires_in\":3600}");

    BearerToken token = fetch();

    assertThat(token.value()).isEqualTo("t1");
    assertThat(token.refreshAt()).isEqualTo(NOW.plus(Duration.ofSeconds(3600 - 30)));
    assertThat(token.toString()).doesNotContain("t1");
  }

  @Test
  void fetch_answerWithoutToken_failsClearly() {
    answer.set("{\"nothing\":true}");

    assertThatThrownBy(this::fetch)
        .isInstanceOf(RegistryException.class)
        .hasMessageContaining("answered without a token");
  }
}
