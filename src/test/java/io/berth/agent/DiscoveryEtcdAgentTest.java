package io.berth.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.berth.api.client.RemoteBerth;
import io.berth.coord.KeyValueStore;
import io.berth.coord.KeyValueStores;
import io.berth.discovery.Registrar;
import io.berth.discovery.Registration;
import io.berth.discovery.Registry;
import io.berth.spec.CoordSpec;
import io.berth.testing.AgentProcess;
import io.berth.testing.BerthHome;
import io.berth.testing.EtcdCluster;
import io.berth.testing.FreePort;
import io.berth.testing.PushedImage;
import io.berth.testing.TestImages;
import io.berth.testing.TestRegistry;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A {@code berth agent} process registering on a real etcd dies by SIGKILL: nothing revokes its
 * lease, which expires one TTL later, and its registrations with it.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DiscoveryEtcdAgentTest {
  private static final Duration TTL = Duration.ofSeconds(2);
  private static EtcdCluster etcd;
  private static TestRegistry registry;
  private static PushedImage app;
  private BerthHome home;

  @BeforeAll
  static void start() {
    etcd = EtcdCluster.single();
    registry = TestRegistry.plain();
    app = TestImages.busyboxVersion(registry, "etcdagent/app:latest", 1);
  }

  @AfterAll
  static void stop() {
    try {
      registry.close();
    } finally {
      etcd.close();
    }
  }

  @BeforeEach
  void createHome() {
    home = BerthHome.create().trust(registry);
  }

  @AfterEach
  void removeHome() {
    home.close();
  }

  @Test
  void agentKilled_itsRegistrationsDisappearWithinTheTtl() throws Exception {
    int metrics = FreePort.find();
    Path file = home.directory().resolve("berth.yaml");
    Files.writeString(
        file,
        """
        discovery:
          backend: etcd
          endpoints: [%s]
          prefix: /agentdeath
          ttl: %ds
        telemetry:
          listen: 127.0.0.1:%d
          register: true
        services:
          web:
            image: %s
            command: [sh, -c, "exec sleep 3600"]
            update: false
            stopTimeout: 2s
            port: 8080
        """
            .formatted(etcd.endpoints().getFirst(), TTL.toSeconds(), metrics, app.reference()));
    String host = Registrar.localHostname();
    try (KeyValueStore store =
            KeyValueStores.etcd(
                CoordSpec.Etcd.of(etcd.endpoints().toArray(URI[]::new)).withPrefix("/agentdeath"));
        Registry observer = Registry.over(store, Duration.ofSeconds(30))) {
      try (AgentProcess agent = AgentProcess.start(home, "-c", file.toString())) {
        await().atMost(Duration.ofSeconds(60)).until(() -> observer.list().size() == 2);
        assertThat(observer.list())
            .extracting(Registration::id)
            .containsExactly("berth-telemetry-" + host, "web-" + host);
        assertThat(etcd.etcdctl(null, "get", "--prefix", "--keys-only", "/agentdeath/services/"))
            .contains("/agentdeath/services/web/web-" + host)
            .contains("/agentdeath/services/berth-telemetry/berth-telemetry-" + host);
        // past several TTLs, the lease is kept alive
        Thread.sleep(TTL.multipliedBy(2).toMillis());
        assertThat(observer.list()).hasSize(2);

        agent.crash();
        long killed = System.nanoTime();

        // nothing revoked the lease: the registrations are still there, until it expires
        assertThat(observer.list()).hasSize(2);
        await()
            .atMost(TTL.plusSeconds(2))
            .pollInterval(Duration.ofMillis(100))
            .until(() -> observer.list().isEmpty());
        Duration gone = Duration.ofNanos(System.nanoTime() - killed);
        assertThat(gone).isLessThanOrEqualTo(TTL.plusSeconds(2));
        assertThat(etcd.etcdctl(null, "get", "--prefix", "--keys-only", "/agentdeath/services/"))
            .isBlank();
      } finally {
        sweep();
      }
    }
  }

  /** Removes what the killed agent left: its service's container, stopped by a new agent. */
  private void sweep() {
    try (AgentProcess sweeper = AgentProcess.start(home, "--on-restart", "stop");
        RemoteBerth client = sweeper.client()) {
      client.containers().list(true).forEach(c -> client.containers().remove(c.id(), true));
    }
  }
}
