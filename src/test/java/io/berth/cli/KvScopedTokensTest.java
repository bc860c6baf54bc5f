package io.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
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
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Tokens limited to a prefix of the configuration store, over real TLS: what they reach, what they
 * are refused, and who may reveal secrets.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class KvScopedTokensTest {
  private static final String PREFIX = "/org/myorg/app/";

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
                    new RemoteApi(new InetSocketAddress("127.0.0.1", 0), null, null, false, null)));
    tokens = ApiTokens.open(home.settings().database());
    base = URI.create("https://127.0.0.1:" + agent.remotePort().orElseThrow());
    http =
        HttpClient.newBuilder()
            .sslContext(Https.trusting(home.root().resolve("tls/cert.pem")))
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    var kv = agent.berth().kv();
    kv.put("/org/myorg/app/db/host", TextNode.valueOf("db.internal"), false, null);
    kv.put("/org/myorg/app/db/password", TextNode.valueOf("s3cret"), true, null);
    kv.put("/org/other/db/password", TextNode.valueOf("not yours"), false, null);
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
  void prefixToken_readsUnderItsPrefix_isRefusedEverywhereElse() throws Exception {
    String token = tokens.create("read", "app", null, PREFIX, false).secret();

    HttpResponse<String> inside = send("GET", "/v1/kv/org/myorg/app/db/host", token, null);
    assertThat(inside.statusCode()).as(inside.body()).isEqualTo(200);
    assertThat(json(inside).path("value").asText()).isEqualTo("db.internal");
    assertThat(send("GET", "/v1/kv/org/myorg/app/", token, null).statusCode()).isEqualTo(200);
    HttpResponse<String> tree = send("GET", "/v1/kv/org/myorg/app/?recurse", token, null);
    assertThat(tree.statusCode()).isEqualTo(200);
    assertThat(tree.body()).contains("db.internal").doesNotContain("not yours");

    HttpResponse<String> other = send("GET", "/v1/kv/org/other/db/password", token, null);
    assertThat(other.statusCode()).isEqualTo(403);
    assertThat(other.body()).contains("may only reach /v1/kv/org/myorg/app/").doesNotContain(token);
    // the directory's parent, a sibling that shares the prefix's text, the root, the whole API
    assertThat(send("GET", "/v1/kv/org/myorg/", token, null).statusCode()).isEqualTo(403);
    assertThat(send("GET", "/v1/kv/org/myorg/app", token, null).statusCode()).isEqualTo(403);
    assertThat(send("GET", "/v1/kv/org/myorg/apple/x", token, null).statusCode()).isEqualTo(403);
    assertThat(send("GET", "/v1/kv/?recurse", token, null).statusCode()).isEqualTo(403);
    assertThat(send("GET", "/v1/version", token, null).statusCode()).isEqualTo(403);
    assertThat(send("GET", "/v1/containers", token, null).statusCode()).isEqualTo(403);
    assertThat(send("GET", "/v1/services", token, null).statusCode()).isEqualTo(403);
    // an encoded '..' passes the prefix as text, and the store refuses it as a path
    HttpResponse<String> dotted =
        send("GET", "/v1/kv/org/myorg/app/%2E%2E/%2E%2E/other/db/password", token, null);
    assertThat(dotted.statusCode()).isEqualTo(400);
    assertThat(dotted.body()).doesNotContain("not yours");
    // read-only stays read-only inside
    assertThat(send("PUT", "/v1/kv/org/myorg/app/db/host", token, "\"x\"").statusCode())
        .isEqualTo(403);
  }

  @Test
  void adminPrefixToken_writesUnderItsPrefix_only() throws Exception {
    String token = tokens.create("admin", "app-admin", null, PREFIX, false).secret();

    assertThat(send("PUT", "/v1/kv/org/myorg/app/db/port", token, "5432").statusCode())
        .isEqualTo(200);
    assertThat(send("PUT", "/v1/kv/org/other/db/port", token, "5432").statusCode()).isEqualTo(403);
    assertThat(send("DELETE", "/v1/kv/org/?recurse", token, null).statusCode()).isEqualTo(403);
    assertThat(send("POST", "/v1/images/prune", token, null).statusCode()).isEqualTo(403);
    assertThat(agent.berth().kv().get("/org/other/db/password", true).value().asText())
        .isEqualTo("not yours");
  }

  @Test
  void revealingSecrets_takesAdminOrAnExplicitGrant() throws Exception {
    String plain = tokens.create("read", null, null, PREFIX, false).secret();
    String granted = tokens.create("read", null, null, PREFIX, true).secret();
    String admin = tokens.create("admin", null, null, PREFIX, false).secret();
    String path = "/v1/kv/org/myorg/app/db/password";

    HttpResponse<String> hidden = send("GET", path, plain, null);
    assertThat(hidden.statusCode()).isEqualTo(200);
    assertThat(json(hidden).path("value").asText()).isEqualTo("<secret>");
    assertThat(json(hidden).path("hidden").asBoolean()).isTrue();
    HttpResponse<String> refused = send("GET", path + "?reveal", plain, null);
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.body()).contains("--kv-secrets").doesNotContain("s3cret");
    assertThat(send("GET", "/v1/kv/org/myorg/app/?recurse&reveal", plain, null).statusCode())
        .isEqualTo(403);

    HttpResponse<String> revealed = send("GET", path + "?reveal", granted, null);
    assertThat(revealed.statusCode()).isEqualTo(200);
    assertThat(json(revealed).path("value").asText()).isEqualTo("s3cret");
    assertThat(json(send("GET", path + "?reveal", admin, null)).path("value").asText())
        .isEqualTo("s3cret");
    // a grant to reveal is no grant to leave the prefix
    assertThat(send("GET", "/v1/kv/org/other/db/password?reveal", granted, null).statusCode())
        .isEqualTo(403);
  }

  @Test
  void cli_tokenCreate_withPrefixAndSecrets_storesThem_lsShowsThem() throws Exception {
    Cli cli = new Cli(home);

    Cli.Result created =
        cli.run(
            "token", "create", "--role", "read", "--kv-prefix", "/org/myorg/app", "--kv-secrets");
    assertThat(created.exitCode()).as(created.toString()).isZero();
    assertThat(created.err()).contains("kv /org/myorg/app/ only").contains("reveals secrets");
    String secret = created.out().strip();
    ApiToken stored =
        tokens.list().stream().filter(t -> t.kvPrefix() != null).findFirst().orElseThrow();
    assertThat(stored.kvPrefix()).isEqualTo(PREFIX);
    assertThat(stored.kvSecrets()).isTrue();
    assertThat(send("GET", "/v1/kv/org/myorg/app/db/password?reveal", secret, null).statusCode())
        .isEqualTo(200);
    assertThat(send("GET", "/v1/version", secret, null).statusCode()).isEqualTo(403);

    Cli.Result ls = cli.run("token", "ls");
    assertThat(ls.out()).contains("/org/myorg/app/ secrets");

    Cli.Result bad = cli.run("token", "create", "--role", "read", "--kv-prefix", "org/../x");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("--kv-prefix");
  }

  @Test
  void configUser_withAKvPrefix_logsIn_andReachesOnlyItsPrefix() throws Exception {
    String hash = PasswordHash.hash("app-pass".toCharArray());
    Path config = home.directory().resolve("berth.yaml");
    Files.writeString(
        config,
        "auth:\n  users:\n    app:\n      passwordHash: "
            + hash
            + "\n      kvPrefix: /org/myorg/app\n");
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
                              new InetSocketAddress("127.0.0.1", 0), null, null, false, null)));
          HttpClient client =
              HttpClient.newBuilder()
                  .sslContext(Https.trusting(other.root().resolve("tls/cert.pem")))
                  .build()) {
        second.berth().kv().put("/org/myorg/app/db/host", TextNode.valueOf("h"), false, null);
        URI url = URI.create("https://127.0.0.1:" + second.remotePort().orElseThrow());
        HttpResponse<String> login =
            client.send(
                HttpRequest.newBuilder(url.resolve("/v1/auth/login"))
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"user\":\"app\",\"password\":\"app-pass\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        String jwt = json(login).path("token").asText();

        assertThat(get(client, url.resolve("/v1/kv/org/myorg/app/db/host"), jwt).statusCode())
            .isEqualTo(200);
        assertThat(get(client, url.resolve("/v1/kv/org/other/x"), jwt).statusCode()).isEqualTo(403);
        assertThat(get(client, url.resolve("/v1/containers"), jwt).statusCode()).isEqualTo(403);
      }
    }
  }

  private static HttpResponse<String> get(HttpClient client, URI url, String token)
      throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(url).header("Authorization", "Bearer " + token).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> response) throws IOException {
    return Json.lenient().readTree(response.body());
  }

  private HttpResponse<String> send(String method, String path, String token, String body)
      throws IOException, InterruptedException {
    return Https.send(http, base, method, path, token, body, Duration.ofSeconds(20));
  }
}
