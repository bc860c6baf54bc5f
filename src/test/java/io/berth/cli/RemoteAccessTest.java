package io.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.agent.AgentConfigs;
import io.berth.agent.AgentOptions;
import io.berth.agent.EmbeddedAgent;
import io.berth.agent.Engine;
import io.berth.agent.RemoteApi;
import io.berth.auth.ApiToken;
import io.berth.auth.ApiTokens;
import io.berth.auth.PasswordHash;
import io.berth.spec.Json;
import io.berth.testing.BerthHome;
import io.berth.testing.Https;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The API over TCP with TLS, as remote clients see it: a real agent with its self-signed
 * certificate, real tokens, real logins; curl's view through the JDK's HTTP client, and the CLI's.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class RemoteAccessTest {
  private static final String ADMIN_PASSWORD = "correct horse battery staple";

  private BerthHome home;
  private EmbeddedAgent agent;
  private ApiTokens tokens;
  private HttpClient http;
  private URI base;

  @BeforeEach
  void startAgent() throws Exception {
    home = BerthHome.create();
    agent =
        EmbeddedAgent.start(
            home.settings(),
            new AgentOptions(Engine.Recovery.stop, null, null, null, null, null)
                .withRemote(
                    new RemoteApi(
                        new InetSocketAddress("127.0.0.1", 0), null, null, false, ADMIN_PASSWORD)));
    tokens = ApiTokens.open(home.settings().database());
    base = URI.create("https://127.0.0.1:" + agent.remotePort().orElseThrow());
    http =
        HttpClient.newBuilder()
            .sslContext(Https.trusting(home.root().resolve("tls/cert.pem")))
            .connectTimeout(Duration.ofSeconds(10))
            .build();
  }

  @AfterEach
  void stopAgent() {
    try {
      tokens.close();
      http.close();
      agent.close();
    } finally {
      home.close();
    }
  }

  @Test
  void noToken_is401WithAProblemDocument() throws Exception {
    HttpResponse<String> response = send("GET", "/v1/containers", null, null);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("content-type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    assertThat(Json.lenient().readTree(response.body()).path("detail").asText())
        .contains("Authorization: Bearer");
  }

  @Test
  void selfSignedCertificate_keptUnderTheRoot_keyOnlyForRoot() throws IOException {
    Path key = home.root().resolve("tls/key.pem");

    assertThat(Files.getPosixFilePermissions(key))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(agent.tlsFingerprint())
        .hasValueSatisfying(fp -> assertThat(fp).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}"));
    assertThat(Files.getPosixFilePermissions(home.root().resolve("auth/jwt.key")))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
  }

  @Test
  void adminToken_readsAndWrites_readToken_only_reads() throws Exception {
    String admin = tokens.create("admin", "ci", null).secret();
    String read = tokens.create("read", "dashboard", null).secret();

    assertThat(send("GET", "/v1/containers", admin, null).statusCode()).isEqualTo(200);
    assertThat(send("GET", "/v1/containers", read, null).statusCode()).isEqualTo(200);
    HttpResponse<String> forbidden = send("DELETE", "/v1/containers/nothing", read, null);
    assertThat(forbidden.statusCode()).isEqualTo(403);
    assertThat(forbidden.body()).contains("may not DELETE");
    assertThat(send("DELETE", "/v1/containers/nothing", admin, null).statusCode()).isEqualTo(404);
    assertThat(tokens.list())
        .filteredOn(t -> t.name().equals("ci"))
        .singleElement()
        .satisfies(t -> assertThat(t.lastUsed()).isNotNull());
  }

  @Test
  void revokedToken_is401_atOnce() throws Exception {
    ApiToken.Created created = tokens.create("admin", null, null);
    assertThat(send("GET", "/v1/version", created.secret(), null).statusCode()).isEqualTo(200);

    assertThat(tokens.revoke(created.token().id())).isTrue();

    HttpResponse<String> response = send("GET", "/v1/version", created.secret(), null);
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.body()).contains("unknown or revoked").doesNotContain(created.secret());
  }

  @Test
  void expiredToken_is401_namingTheExpiry() throws Exception {
    ApiToken.Created created = tokens.create("read", null, Duration.ofSeconds(1));
    Thread.sleep(2_100);

    HttpResponse<String> response = send("GET", "/v1/version", created.secret(), null);
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.body()).contains("expired");
  }

  @Test
  void login_withTheAdminPassword_givesAJwtThatWorks() throws Exception {
    HttpResponse<String> login =
        send(
            "POST",
            "/v1/auth/login",
            null,
            "{\"user\":\"admin\",\"password\":\"" + ADMIN_PASSWORD + "\"}");
    assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
    JsonNode body = Json.lenient().readTree(login.body());
    assertThat(body.path("role").asText()).isEqualTo("admin");
    String jwt = body.path("token").asText();
    assertThat(jwt.split("\\.")).hasSize(3);

    assertThat(send("GET", "/v1/containers", jwt, null).statusCode()).isEqualTo(200);
    String forged = jwt.substring(0, jwt.length() - 4) + "AAAA";
    assertThat(send("GET", "/v1/containers", forged, null).statusCode()).isEqualTo(401);
  }

  @Test
  void badLogins_are401_thenRateLimitedWith429AndRetryAfter() throws Exception {
    String wrong = "{\"user\":\"admin\",\"password\":\"admin\"}";
    for (int i = 0; i < 5; i++) {
      HttpResponse<String> denied = send("POST", "/v1/auth/login", null, wrong);
      assertThat(denied.statusCode()).isEqualTo(401);
      assertThat(denied.body()).doesNotContain("\"admin\"}");
    }

    HttpResponse<String> limited = send("POST", "/v1/auth/login", null, wrong);
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.headers().firstValue("retry-after")).isPresent();
    assertThat(limited.headers().firstValue("content-type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    // even the right password waits now: the limit is on the client, not the guess
    String right = "{\"user\":\"admin\",\"password\":\"" + ADMIN_PASSWORD + "\"}";
    assertThat(send("POST", "/v1/auth/login", null, right).statusCode()).isEqualTo(429);
  }

  @Test
  void cli_remotePs_withTokenAndPinnedFingerprint() throws IOException {
    String token = tokens.create("read", null, null).secret();
    Cli cli = new Cli(null);

    Cli.Result ps =
        cli.run(
            "--host",
            base.toString(),
            "--token",
            token,
            "--tls-fingerprint",
            agent.tlsFingerprint().orElseThrow(),
            "ps");
    assertThat(ps.exitCode()).as(ps.toString()).isZero();
    assertThat(ps.out()).contains("CONTAINER ID");

    String otherPin = "00".repeat(32);
    Cli.Result wrongPin =
        cli.run("--host", base.toString(), "--token", token, "--tls-fingerprint", otherPin, "ps");
    assertThat(wrongPin.exitCode()).isEqualTo(1);
    assertThat(wrongPin.err()).contains("not the pinned");

    Cli.Result noToken =
        cli.run(
            "--host",
            base.toString(),
            "--tls-fingerprint",
            agent.tlsFingerprint().orElseThrow(),
            "ps");
    assertThat(noToken.exitCode()).isEqualTo(1);
    assertThat(noToken.err()).contains("Authorization: Bearer");

    Cli.Result caTrusted =
        cli.run(
            "--host",
            base.toString(),
            "--token",
            token,
            "--tls-ca",
            home.root().resolve("tls/cert.pem").toString(),
            "ps");
    assertThat(caTrusted.exitCode()).as(caTrusted.toString()).isZero();
  }

  @Test
  void configUser_logsIn_withTheRoleTheConfigGives_andReadCannotWrite() throws Exception {
    String hash = PasswordHash.hash("s3cret-ops".toCharArray());
    Path config = home.directory().resolve("berth.yaml");
    Files.writeString(config, "auth:\n  users:\n    viewer:\n      passwordHash: " + hash + "\n");
    try (BerthHome other = BerthHome.create()) {
      AgentConfigs.Resolved source =
          AgentConfigs.resolve(config.toString(), Map.of(), other.settings());
      try (EmbeddedAgent second =
          EmbeddedAgent.start(
              other.settings(),
              new AgentOptions(
                      Engine.Recovery.stop, source.loader(), source.file(), null, null, null)
                  .withRemote(
                      new RemoteApi(
                          new InetSocketAddress("127.0.0.1", 0), null, null, false, null)))) {
        URI url = URI.create("https://127.0.0.1:" + second.remotePort().orElseThrow());
        try (HttpClient client =
            HttpClient.newBuilder()
                .sslContext(Https.trusting(other.root().resolve("tls/cert.pem")))
                .build()) {
          HttpResponse<String> login =
              client.send(
                  HttpRequest.newBuilder(url.resolve("/v1/auth/login"))
                      .POST(
                          HttpRequest.BodyPublishers.ofString(
                              "{\"user\":\"viewer\",\"password\":\"s3cret-ops\"}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
          assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
          JsonNode body = Json.lenient().readTree(login.body());
          assertThat(body.path("role").asText()).isEqualTo("read");
          String jwt = body.path("token").asText();
          HttpResponse<String> write =
              client.send(
                  HttpRequest.newBuilder(url.resolve("/v1/images/prune"))
                      .header("Authorization", "Bearer " + jwt)
                      .POST(HttpRequest.BodyPublishers.noBody())
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
          assertThat(write.statusCode()).isEqualTo(403);
          // no BERTH_ADMIN_PASSWORD given: there is no admin to log in as, whatever the password
          HttpResponse<String> admin =
              client.send(
                  HttpRequest.newBuilder(url.resolve("/v1/auth/login"))
                      .POST(
                          HttpRequest.BodyPublishers.ofString(
                              "{\"user\":\"admin\",\"password\":\"admin\"}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
          assertThat(admin.statusCode()).isEqualTo(401);
        }
      }
    }
  }

  @Test
  void selfSignedCertificate_isReused_acrossRestarts() throws Exception {
    String before = agent.tlsFingerprint().orElseThrow();
    agent.close();
    agent =
        EmbeddedAgent.start(
            home.settings(),
            new AgentOptions(Engine.Recovery.stop, null, null, null, null, null)
                .withRemote(
                    new RemoteApi(new InetSocketAddress("127.0.0.1", 0), null, null, false, null)));

    assertThat(agent.tlsFingerprint()).hasValue(before);
  }

  @Test
  void plainHttp_refusedOffLoopback_evenWhenAsked() {
    assertThatThrownBy(
            () -> new RemoteApi(new InetSocketAddress("0.0.0.0", 8443), null, null, true, null))
        .hasMessageContaining("loopback");

    Cli.Result result = new Cli(home).run("agent", "--listen", "0.0.0.0:0", "--insecure-plain");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("--insecure-plain is allowed on a loopback address only");
  }

  private HttpResponse<String> send(String method, String path, String token, String body)
      throws IOException, InterruptedException {
    return Https.send(http, base, method, path, token, body, Duration.ofSeconds(20));
  }
}
