package io.berth.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.berth.coord.KeyValueStore;
import io.berth.coord.KeyValueStores;
import io.berth.coord.Watch;
import io.berth.discovery.RegistryContract.Recorded;
import io.berth.spec.CoordSpec;
import io.berth.testing.EtcdCluster;
import io.berth.testing.EtcdServer;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A three-member etcd that loses a member mid-watch: the member the watch's stream is on, so the
 * watch must move to another one and still see what changes.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class EtcdMemberLossTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  private static Registration web(String host, int port) {
    return new Registration("web-" + host, "web", "10.0.0.1", port, List.of("http"), Map.of());
  }

  @Test
  void theWatchedMemberStops_andTheWatchStillSeesRegistrationsAndDeregistrations()
      throws Exception {
    try (EtcdCluster etcd = EtcdCluster.builder().members(3).start();
        KeyValueStore store =
            KeyValueStores.etcd(
                CoordSpec.Etcd.of(etcd.endpoints().toArray(URI[]::new))
                    .withPrefix("/member-loss"));
        Registry registry = Registry.over(store, Duration.ofSeconds(30))) {
      Recorded web = new Recorded();
      Watch watch = registry.watch("web", web);
      try {
        registry.register(web("h1", 8080));
        await()
            .atMost(WAIT)
            .untilAsserted(
                () ->
                    assertThat(web.changes)
                        .containsExactly(new RegistryChange.Registered(web("h1", 8080))));

        // the watch's stream is on exactly one member: stop that one
        EtcdServer watched =
            await()
                .atMost(WAIT)
                .until(
                    () -> etcd.members().stream().filter(m -> m.watchers() > 0).toList(),
                    members -> members.size() == 1)
                .getFirst();
        watched.stop();
        assertThat(watched.isRunning()).isFalse();

        registry.register(web("h2", 8081));
        registry.deregister("web", "web-h1");

        await()
            .atMost(WAIT)
            .untilAsserted(
                () ->
                    assertThat(web.changes)
                        .containsExactly(
                            new RegistryChange.Registered(web("h1", 8080)),
                            new RegistryChange.Registered(web("h2", 8081)),
                            new RegistryChange.Deregistered("web", "web-h1")));
        assertThat(registry.list("web")).containsExactly(web("h2", 8081));
        // the stream moved to a member still running
        await()
            .atMost(WAIT)
            .until(
                () ->
                    etcd.members().stream()
                        .filter(EtcdServer::isRunning)
                        .mapToLong(EtcdServer::watchers)
                        .sum(),
                n -> n == 1);
      } finally {
        watch.close();
      }
    }
  }
}
