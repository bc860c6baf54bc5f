package io.berth.discovery;

import io.berth.coord.KeyValueStore;
import io.berth.coord.KeyValueStores;
import io.berth.spec.CoordSpec;
import io.berth.testing.EtcdCluster;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The registry contract on a real one-member etcd; each test gets a key prefix of its own, so the
 * cluster is shared.
 */
class EtcdRegistryTest extends RegistryContract {
  private static EtcdCluster etcd;

  @BeforeAll
  static void startEtcd() {
    etcd = EtcdCluster.single();
  }

  @AfterAll
  static void stopEtcd() {
    if (etcd != null) {
      etcd.close();
    }
  }

  @Override
  KeyValueStore open() throws Exception {
    return KeyValueStores.etcd(
        CoordSpec.Etcd.of(etcd.endpoints().toArray(java.net.URI[]::new))
            .withPrefix("/test-" + UUID.randomUUID()));
  }
}
