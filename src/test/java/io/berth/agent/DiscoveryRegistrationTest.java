package io.berth.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.berth.api.ServiceInstance;
import io.berth.config.ConfigParser;
import io.berth.discovery.Addresses;
import io.berth.discovery.HostInterface;
import io.berth.discovery.Registrar;
import io.berth.spec.BerthConfig;
import io.berth.spec.InterfaceSpec;
import io.berth.testing.PushedImage;
import io.berth.testing.TestImages;
import io.berth.testing.TestRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Registration with real containers on the embedded backend: a service with a port appears in
 * discovery once healthy, and leaves it in maintenance and when stopped.
 */
class DiscoveryRegistrationTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static TestRegistry registry;
  private static PushedImage image;
  private ServiceFixture berth;

  @BeforeAll
  static void startRegistry() {
    registry = TestRegistry.plain();
    image = TestImages.busyboxVersion(registry, "discovery/app:latest", 1);
  }

  @AfterAll
  static void stopRegistry() {
    registry.close();
  }

  @BeforeEach
  void open() {
    berth = new ServiceFixture(registry);
  }

  @AfterEach
  void close() {
    berth.close();
  }

  private void declare(String yaml) {
    BerthConfig config =
        ConfigParser.of(berth.home.settings().root().resolve("volumes"))
            .parse(yaml.getBytes(StandardCharsets.UTF_8), "test.yaml")
            .config();
    berth.declare(config.services().values().toArray(io.berth.spec.ServiceSpec[]::new));
  }

  private List<ServiceInstance> registered(String service) {
    return berth.engine.discovery().list(service);
  }

  @Test
  void aServiceWithAPort_isRegisteredWhileHealthy_andLeavesInMaintenanceAndWhenStopped() {
    declare(
        """
        services:
          web:
            image: %s
            update: false
            writable: true
            command: [sh, -c, "sleep 2; touch /tmp/ok; exec sleep 1000"]
            health:
              - {name: ok, exec: "test -f /tmp/ok", interval: 300ms, timeout: 250ms, grace: 30s}
            port: 8080
            tags: [http, v1]
            meta: {zone: a}
        """
            .formatted(image.reference()));
    String id = Registrar.id("web", Registrar.localHostname());

    await()
        .atMost(WAIT)
        .until(
            () ->
                "running".equals(berth.service("web").status())
                    && "starting".equals(berth.service("web").health()));
    assertThat(registered("web")).as("not registered before it is healthy").isEmpty();

    await().atMost(WAIT).until(() -> !registered("web").isEmpty());
    assertThat(berth.service("web").health()).isEqualTo("healthy");
    assertThat(registered("web"))
        .containsExactly(
            new ServiceInstance(
                id, "web", "127.0.0.1", 8080, List.of("http", "v1"), Map.of("zone", "a")));

    berth.engine.services().maintenance("web", true);
    await().atMost(WAIT).until(() -> registered("web").isEmpty());

    berth.engine.services().maintenance("web", false);
    await().atMost(WAIT).until(() -> registered("web").size() == 1);

    berth.engine.services().act("web", "stop");
    await().atMost(WAIT).until(() -> registered("web").isEmpty());
    assertThat(berth.engine.discovery().list()).isEmpty();
  }

  @Test
  void aServiceOnTheHostNetwork_withoutChecks_isRegisteredAtAHostAddress_untilRemoved() {
    declare(
        """
        services:
          edge:
            image: %s
            update: false
            network: host
            command: [sleep, "1000"]
            port: 9000
            interfaces: [inet, "static:192.0.2.1"]
          quiet:
            image: %s
            update: false
            command: [sleep, "1000"]
        """
            .formatted(image.reference(), image.reference()));
    String expected =
        Addresses.resolve(
                List.of(InterfaceSpec.parse("inet"), InterfaceSpec.parse("static:192.0.2.1")),
                HostInterface.host())
            .orElseThrow()
            .getHostAddress();

    await().atMost(WAIT).until(() -> !registered("edge").isEmpty());
    assertThat(registered("edge").getFirst().address()).isEqualTo(expected);
    assertThat(registered("edge").getFirst().port()).isEqualTo(9000);
    // the two services start on their own threads: quiet may still be starting
    await().atMost(WAIT).until(() -> berth.service("quiet").status().equals("running"));
    assertThat(berth.engine.discovery().list())
        .as("a service without a port is not registered")
        .extracting(ServiceInstance::name)
        .containsExactly("edge");

    declare(
        """
        services:
          quiet:
            image: %s
            update: false
            command: [sleep, "1000"]
        """
            .formatted(image.reference()));
    await().atMost(WAIT).until(() -> registered("edge").isEmpty());
  }
}
