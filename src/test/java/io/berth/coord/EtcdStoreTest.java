package io.berth.coord;

import io.berth.spec.CoordSpec;
import io.berth.testing.EtcdCluster;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The contract, on a real one-member etcd; each test gets a key prefix of its own, so that the
 * cluster can be shared.
 */
class EtcdStoreTest extends KeyValueStoreContract {
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
        new CoordSpec.Etcd(etcd.endpoints(), "/test-" + UUID.randomUUID(), null, null, null, null));
  }
}
