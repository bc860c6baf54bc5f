package io.berth.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.berth.api.LogQuery;
import io.berth.api.ServiceInfo;
import io.berth.auth.ApiToken;
import io.berth.auth.ApiTokens;
import io.berth.spec.Json;
import io.berth.testing.BerthHome;
import io.berth.testing.Https;
import io.berth.testing.PushedImage;
import io.berth.testing.TestImages;
import io.berth.testing.TestRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A service with {@code kvAccess}: its real container gets the store's URL and a token of its own
 * in its env; with them, its settings are read over the agent's TLS listener, and nothing outside
 * its prefix.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ServiceKvAccessTest {
  private static TestRegistry registry;
  private static PushedImage image;
  private BerthHome home;
  private Path config;
  private EmbeddedAgent agent;

  @BeforeAll
  static void startRegistry() {
    registry = TestRegistry.plain();
    image = TestImages.busyboxVersion(registry, "kvaccess/app:latest", 1);
  }

  @AfterAll
  static void stopRegistry() {
    registry.close();
  }

  @BeforeEach
  void createHome() {
    home = BerthHome.create().trust(registry);
    config = home.directory().resolve("berth.yaml");
  }

  @AfterEach
  void stop() {
    try {
      if (agent != null) {
        agent.close();
      }
    } finally {
      home.close();
    }
  }

  private EmbeddedAgent start(boolean listen) throws Exception {
    AgentConfigs.Resolved source =
        AgentConfigs.resolve(config.toString(), Map.of(), home.settings());
    AgentOptions options =
        new AgentOptions(Engine.Recovery.stop, source.loader(), source.file(), null, null, null);
    if (listen) {
      options =
          options.withRemote(
              new RemoteApi(new InetSocketAddress("127.0.0.1", 0), null, null, false, null));
    }
    agent = EmbeddedAgent.start(home.settings(), options);
    return agent;
  }

  // Busybox's wget (1.35) fails the TLS handshake with the agent's self-signed ECDSA certificate
  // ("got bad TLS record"), so the container shows what it was given and the test makes the call
  // with the env the container's process has, as the application would.
  private static final String READER =
      "echo url $BERTH_KV_URL; case $BERTH_KV_TOKEN in berth_*) echo has a token;; esac;"
          + " exec sleep 3600";

  private String service(String kvAccess) {
    return """
        services:
          app:
            image: %s
            network: host
            writable: true
            update: false
            stopTimeout: 1s
            command: [sh, -c, "%s"]
            kvAccess: %s
        """
        .formatted(image.reference(), READER, kvAccess);
  }

  private List<String> log(String container) {
    List<String> lines = new ArrayList<>();
    agent.berth().containers().logs(container, LogQuery.ALL, l -> lines.add(l.text()));
    return lines;
  }

  @Test
  void container_readsItsPrefix_withTheInjectedUrlAndToken_overTls_andNothingElse()
      throws Exception {
    Files.writeString(config, service("{prefix: /org/myorg/app/}"));
    start(true);
    agent.berth().kv().put("/org/myorg/app/db/host", TextNode.valueOf("db.internal"), false, null);
    agent.berth().kv().put("/org/other/db/password", TextNode.valueOf("not yours"), false, null);

    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> "running".equals(agent.berth().services().inspect("app").status()));
    ServiceInfo app = agent.berth().services().inspect("app");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> log(app.containerId()).contains("has a token"));
    String url = "https://127.0.0.1:" + agent.remotePort().orElseThrow() + "/v1/kv";
    assertThat(log(app.containerId())).contains("url " + url);
    Map<String, String> env = processEnv(app.containerId());
    assertThat(env).containsEntry(ServiceKvTokens.URL_VAR, url);
    String token = env.get(ServiceKvTokens.TOKEN_VAR);
    try (HttpClient http =
        HttpClient.newBuilder()
            .sslContext(Https.trusting(home.root().resolve("tls/cert.pem")))
            .build()) {
      HttpResponse<String> inside = get(http, url + "/org/myorg/app/db/host", token);
      assertThat(inside.statusCode()).as(inside.body()).isEqualTo(200);
      assertThat(inside.body()).contains("\"value\":\"db.internal\"");
      assertThat(get(http, url + "/org/other/db/password", token).statusCode()).isEqualTo(403);
      assertThat(get(http, url.replace("/v1/kv", "/v1/version"), token).statusCode())
          .isEqualTo(403);
      assertThat(get(http, url + "/org/myorg/app/db/host", token).statusCode()).isEqualTo(200);
    }

    List<ApiToken> issued;
    try (ApiTokens tokens = ApiTokens.open(home.settings().database())) {
      issued = tokens.list();
    }
    assertThat(issued)
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.name()).isEqualTo("service:app");
              assertThat(t.role()).isEqualTo("read");
              assertThat(t.kvPrefix()).isEqualTo("/org/myorg/app/");
              assertThat(t.kvSecrets()).isFalse();
            });
    // a read-only caller inspecting the container does not pick the token up
    assertThat(agent.berth().containers().inspect(app.containerId()).env())
        .contains(ServiceKvTokens.TOKEN_VAR + "=<secret>")
        .noneMatch(v -> v.startsWith(ServiceKvTokens.TOKEN_VAR + "=berth_"));

    // removed from the config: its token is revoked
    Files.writeString(config, "services: {}\n");
    agent.berth().services().reload();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              try (ApiTokens tokens = ApiTokens.open(home.settings().database())) {
                return tokens.list().isEmpty();
              }
            });
  }

  /** The environment the container's process got, from its OCI bundle. */
  private Map<String, String> processEnv(String container) throws Exception {
    Path bundle = Path.of(agent.berth().containers().inspect(container).bundle());
    Map<String, String> env = new java.util.HashMap<>();
    for (JsonNode pair :
        Json.lenient()
            .readTree(bundle.resolve("config.json").toFile())
            .path("process")
            .path("env")) {
      String text = pair.asText();
      env.put(text.substring(0, text.indexOf('=')), text.substring(text.indexOf('=') + 1));
    }
    return env;
  }

  private static HttpResponse<String> get(HttpClient http, String url, String token)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Authorization", "Bearer " + token)
            .timeout(Duration.ofSeconds(20))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void kvAccess_withoutARemoteApi_failsTheStart_namingServiceAndListen() throws Exception {
    Files.writeString(config, service("{prefix: /org/myorg/app/, secrets: true}"));
    start(false);

    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              String error = agent.berth().services().inspect("app").lastError();
              return error != null && error.contains("kvAccess");
            });
    assertThat(agent.berth().services().inspect("app").lastError())
        .contains("service app")
        .contains("--listen");
  }
}
