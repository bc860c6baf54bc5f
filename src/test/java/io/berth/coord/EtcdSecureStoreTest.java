package io.berth.coord;

import io.berth.spec.CoordSpec;
import io.berth.testing.ClientCertificate;
import io.berth.testing.Credentials;
import io.berth.testing.EtcdCluster;
import io.berth.testing.TlsMaterial;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The whole contract over TLS with a client certificate, as a user whose role allows only the keys
 * under {@code /test-}: what berth does through its client needs no more than that.
 */
class EtcdSecureStoreTest extends KeyValueStoreContract {
  private static EtcdCluster etcd;
  private static CoordSpec.Etcd spec;

  @BeforeAll
  static void startEtcd() throws Exception {
    etcd = EtcdCluster.builder().tls().start();
    Credentials root = Credentials.random("root");
    Credentials user = Credentials.random("berth");
    etcd.enableAuth(root);
    etcd.addUser(root, user, "/test-");
    Path password = etcd.directory().resolve("berth.password");
    Files.writeString(password, user.password() + "\n");
    TlsMaterial tls = etcd.tls().orElseThrow();
    ClientCertificate client = etcd.clientCertificate();
    spec =
        new CoordSpec.Etcd(
            etcd.endpoints(),
            null,
            new CoordSpec.Tls(tls.caCertificate(), client.certificate(), client.key()),
            user.username(),
            password,
            null);
  }

  @AfterAll
  static void stopEtcd() {
    if (etcd != null) {
      etcd.close();
    }
  }

  @Override
  KeyValueStore open() throws Exception {
    return KeyValueStores.etcd(spec.withPrefix("/test-" + UUID.randomUUID()));
  }
}
