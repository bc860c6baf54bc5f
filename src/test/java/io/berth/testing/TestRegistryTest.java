package io.berth.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.berth.spec.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class TestRegistryTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @Test
  void plain_getV2_answers200() throws Exception {
    try (TestRegistry registry = TestRegistry.plain()) {
      HttpResponse<String> response = get(registry, null);

      assertThat(response.statusCode()).as(registry.log()).isEqualTo(200);
      assertThat(response.headers().firstValue("Docker-Distribution-Api-Version"))
          .hasValue("registry/2.0");
      assertThat(registry.host()).startsWith("127.0.0.1:");
      assertThat(registry.credentials()).isEmpty();
      assertThat(registry.caCertificate()).isEmpty();
    }
  }

  @Test
  void close_running_leavesNoProcessAndNoFiles() {
    TestRegistry registry = TestRegistry.plain();
    ProcessHandle process = registry.processHandle();
    Path config = registry.configFile();
    assertThat(process.isAlive()).isTrue();

    registry.close();

    assertThat(process.isAlive()).isFalse();
    assertThat(ProcessHandle.of(process.pid()).filter(ProcessHandle::isAlive)).isEmpty();
    assertThat(config.getParent()).doesNotExist();
  }

  @Test
  void basicAuth_withoutCredentials_answers401WithBasicChallenge() throws Exception {
    try (TestRegistry registry = TestRegistry.builder().basicAuth().start()) {
      HttpResponse<String> response = get(registry, null);

      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(response.headers().firstValue("WWW-Authenticate").orElse(""))
          .startsWith("Basic realm=");
    }
  }

  @Test
  void basicAuth_withCredentials_answers200() throws Exception {
    try (TestRegistry registry = TestRegistry.builder().basicAuth().start()) {
      Credentials user = registry.credentials().orElseThrow();

      assertThat(get(registry, user.basicAuthorization()).statusCode())
          .as(registry.log())
          .isEqualTo(200);
    }
  }

  @Test
  void basicAuth_wrongPassword_answers401() throws Exception {
    try (TestRegistry registry = TestRegistry.builder().basicAuth().start()) {
      Credentials wrong = new Credentials(registry.credentials().orElseThrow().username(), "nope");

      assertThat(get(registry, wrong.basicAuthorization()).statusCode()).isEqualTo(401);
    }
  }

  @Test
  void tokenAuth_withoutToken_answers401WithBearerChallengeNamingTheRealm() throws Exception {
    try (TestRegistry registry = TestRegistry.builder().tokenAuth().start()) {
      TokenServer tokens = registry.tokenServer().orElseThrow();

      HttpResponse<String> response = get(registry, null);

      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(response.headers().firstValue("WWW-Authenticate").orElse(""))
          .startsWith("Bearer ")
          .contains("realm=\"" + tokens.realm() + "\"")
          .contains("service=\"" + tokens.service() + "\"");
    }
  }

  @Test
  void tokenAuth_tokenFromTokenServer_isAcceptedByTheRegistry() throws Exception {
    try (TestRegistry registry = TestRegistry.builder().tokenAuth().start()) {
      TokenServer tokens = registry.tokenServer().orElseThrow();
      String token = tokens.tokenFor(registry.credentials());

      assertThat(get(registry, "Bearer " + token).statusCode()).as(registry.log()).isEqualTo(200);
      assertThat(tokens.issuedTokens()).isEqualTo(1);
    }
  }

  @Test
  void tokenAuth_tokenSignedByAnotherKey_isRefused() throws Exception {
    try (TestRegistry registry = TestRegistry.builder().tokenAuth().start();
        TempDirectory other = TempDirectory.create("berth-other-signer-")) {
      TokenServer tokens = registry.tokenServer().orElseThrow();
      TokenSigner stranger = TokenSigner.generate(other.path(), tokens.signer().issuer());
      String forged = stranger.sign("berth", tokens.service(), List.of(), Duration.ofMinutes(1));

      assertThat(get(registry, "Bearer " + forged).statusCode()).isEqualTo(401);
    }
  }

  @Test
  void tokenAuth_challengeAnsweredThroughTheRealm_answers200() {
    try (TestRegistry registry = TestRegistry.builder().tokenAuth().start()) {
      RegistryHttp.Fetched fetched = RegistryHttp.authenticated(registry).fetch("/v2/", "*/*");

      assertThat(fetched.status()).as(registry.log()).isEqualTo(200);
      assertThat(registry.tokenServer().orElseThrow().issued())
          .singleElement()
          .satisfies(issued -> assertThat(issued.user()).hasValue("berth"));
    }
  }

  @Test
  void tokenAuth_requireCredentials_refusesAnonymousTokenRequests() throws Exception {
    try (TestRegistry registry =
        TestRegistry.builder().tokenAuth(tokens -> tokens.requireCredentials(true)).start()) {
      TokenServer tokens = registry.tokenServer().orElseThrow();
      HttpRequest request =
          HttpRequest.newBuilder(
                  URI.create(
                      tokens.realm()
                          + "?service="
                          + tokens.service()
                          + "&scope=repository:any:pull"))
              .timeout(TIMEOUT)
              .build();

      try (HttpClient client = HttpClient.newHttpClient()) {
        assertThat(client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode())
            .isEqualTo(401);
      }
      assertThat(tokens.issuedTokens()).isZero();
    }
  }

  @Test
  void tls_clientTrustingTheCa_answers200() throws Exception {
    try (TestRegistry registry = TestRegistry.builder().tls().start()) {
      assertThat(registry.baseUrl().getScheme()).isEqualTo("https");
      assertThat(registry.caCertificate()).get().satisfies(ca -> assertThat(ca).isRegularFile());
      assertThat(Files.readString(registry.caCertificate().orElseThrow()))
          .contains("BEGIN CERTIFICATE");

      assertThat(get(registry, null).statusCode()).as(registry.log()).isEqualTo(200);
    }
  }

  @Test
  void tls_clientWithSystemTrustOnly_failsTheHandshake() {
    try (TestRegistry registry = TestRegistry.builder().tls().start();
        HttpClient systemTrust = HttpClient.newBuilder().connectTimeout(TIMEOUT).build()) {
      HttpRequest request =
          HttpRequest.newBuilder(registry.baseUrl().resolve("/v2/")).timeout(TIMEOUT).build();

      assertThatThrownBy(() -> systemTrust.send(request, HttpResponse.BodyHandlers.discarding()))
          .isInstanceOf(SSLException.class);
    }
  }

  @Test
  void tlsAndBasicAuth_together_workAsEachAlone() throws Exception {
    try (TestRegistry registry = TestRegistry.builder().tls().basicAuth().start()) {
      String authorization = registry.credentials().orElseThrow().basicAuthorization();

      assertThat(get(registry, null).statusCode()).isEqualTo(401);
      assertThat(get(registry, authorization).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void notifyTo_endpoints_areWrittenIntoTheConfig() throws Exception {
    URI endpoint = URI.create("http://127.0.0.1:9/events");
    try (TestRegistry registry = TestRegistry.builder().notifyTo(endpoint).start()) {
      String config = Files.readString(registry.configFile());

      assertThat(config).contains("notifications:").contains("url: \"" + endpoint + "\"");
      assertThat(config).contains("delete:").contains("enabled: true");
    }
  }

  @Test
  void notifyTo_endpoint_receivesAPushEventForTheTag() throws Exception {
    BlockingQueue<String> events = new LinkedBlockingQueue<>();
    HttpServer receiver =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext(
        "/events",
        exchange -> {
          try (exchange) {
            events.add(
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
          }
        });
    receiver.start();
    URI endpoint =
        URI.create("http://127.0.0.1:%d/events".formatted(receiver.getAddress().getPort()));
    try (TestRegistry registry = TestRegistry.builder().notifyTo(endpoint).start()) {
      PushedImage image = TestImages.busybox(registry, "hooked:1");

      Instant deadline = Instant.now().plusSeconds(30);
      boolean seen = false;
      while (!seen && Instant.now().isBefore(deadline)) {
        String body = events.poll(1, TimeUnit.SECONDS);
        if (body != null) {
          // the registry pretty-prints its envelope: {"events": [{"action", "target": {...}}]}
          for (JsonNode event : Json.lenient().readTree(body).path("events")) {
            seen |=
                event.path("action").asText().equals("push")
                    && event.path("target").path("tag").asText().equals("1")
                    && event
                        .path("target")
                        .path("digest")
                        .asText()
                        .equals(image.digest().toString());
          }
        }
      }
      assertThat(seen)
          .as("a push event for hooked:1 within 30s; log:%n%s", registry.log())
          .isTrue();
    } finally {
      receiver.stop(0);
    }
  }

  private static HttpResponse<String> get(TestRegistry registry, String authorization)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(registry.baseUrl().resolve("/v2/")).timeout(TIMEOUT);
    Optional.ofNullable(authorization).ifPresent(value -> request.header("Authorization", value));
    return registry.httpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
