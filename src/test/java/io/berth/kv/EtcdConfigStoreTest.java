package io.berth.kv;

import io.berth.coord.KeyValueStore;
import io.berth.coord.KeyValueStores;
import io.berth.spec.CoordSpec;
import io.berth.testing.EtcdCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The contract on a real one-member etcd, shared by the tests (each has a namespace of its own).
 */
class EtcdConfigStoreTest extends ConfigStoreContract {
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
  KeyValueStore openStore() throws Exception {
    return KeyValueStores.etcd(CoordSpec.Etcd.of(etcd.endpoints().toArray(java.net.URI[]::new)));
  }

  /** The values etcd holds under the namespace, raw, as etcdctl prints them. */
  @Override
  String rawBytesStored() {
    return etcd.etcdctl(null, "get", "--prefix", "/berth" + namespace + "/");
  }
}
