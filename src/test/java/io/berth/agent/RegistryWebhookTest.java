package io.berth.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.berth.api.server.ApiServer;
import io.berth.spec.ServiceSpec;
import io.berth.testing.FreePort;
import io.berth.testing.PushedImage;
import io.berth.testing.TestImages;
import io.berth.testing.TestRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The CNCF registry's own notifications reach the agent's webhook: a push upgrades a service within
 * seconds, long before its next poll.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class RegistryWebhookTest {
  private static final String TOKEN = "webhook-secret-" + System.nanoTime();

  @Test
  void push_upgradesTheServiceAtOnce() throws Exception {
    int port = FreePort.find();
    URI hook = URI.create("http://127.0.0.1:" + port + "/v1/hooks/registry");
    try (TestRegistry registry =
            TestRegistry.builder().notifyTo(hook).notificationToken(TOKEN).start();
        ServiceFixture berth = new ServiceFixture(registry);
        ApiServer _ =
            ApiServer.builder(berth.engine)
                .tcp(
                    new InetSocketAddress("127.0.0.1", port),
                    EmbeddedAgent.webhookAuthenticator(TOKEN))
                .start()) {
      PushedImage v1 = TestImages.busyboxVersion(registry, "hooked/app:latest", 1);
      berth.declare(
          ServiceFixture.service("hooked", v1.reference(), "sleep", "3600")
              .update(
                  Duration.ofHours(1),
                  ServiceSpec.UpdatePolicy.Order.START_FIRST,
                  Duration.ofSeconds(1))
              .build());
      berth.awaitStatus("hooked", "running", Duration.ofSeconds(30));

      PushedImage v2 = TestImages.busyboxVersion(registry, "hooked/app:latest", 2);

      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> v2.digest().toString().equals(berth.service("hooked").digest()));
      assertThat(berth.service("hooked").nextCheck())
          .isAfter(java.time.Instant.now().plusSeconds(600));
    }
  }

  @Test
  void webhook_withoutItsToken_isUnauthorizedAndCannotReachTheRestOfTheApi() throws Exception {
    int port = FreePort.find();
    try (TestRegistry registry = TestRegistry.plain();
        ServiceFixture berth = new ServiceFixture(registry);
        ApiServer _ =
            ApiServer.builder(berth.engine)
                .tcp(
                    new InetSocketAddress("127.0.0.1", port),
                    EmbeddedAgent.webhookAuthenticator(TOKEN))
                .start()) {
      HttpClient http = HttpClient.newHttpClient();
      String body = "{\"events\":[]}";
      HttpResponse<String> anonymous =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/hooks/registry"))
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .header("Content-Type", "application/json")
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(anonymous.statusCode()).isEqualTo(401);

      HttpResponse<String> containers =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/containers"))
                  .header("Authorization", "Bearer " + TOKEN)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(containers.statusCode()).as(containers.body()).isEqualTo(403);

      HttpResponse<String> hook =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/hooks/registry"))
                  .header("Authorization", "Bearer " + TOKEN)
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(hook.statusCode()).as(hook.body()).isEqualTo(200);
    }
  }
}
