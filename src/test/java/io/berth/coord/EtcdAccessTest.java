package io.berth.coord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.spec.CoordSpec;
import io.berth.testing.ClientCertificate;
import io.berth.testing.Credentials;
import io.berth.testing.EtcdCluster;
import io.berth.testing.TlsMaterial;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * How the etcd backend fails when it cannot get in: each failure names the endpoints, the operation
 * and what to check, and never the password.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EtcdAccessTest {
  private static final Duration SHORT = Duration.ofSeconds(2);

  @Test
  void nothingListening_isUnavailableAndNamesTheEndpoint() {
    CoordSpec.Etcd spec = CoordSpec.Etcd.of(URI.create("http://127.0.0.1:1")).withTimeout(SHORT);
    try (KeyValueStore store = open(spec)) {
      assertThatThrownBy(() -> store.put("/x", "1"))
          .isInstanceOf(CoordUnavailableException.class)
          .hasMessageContaining("etcd http://127.0.0.1:1 (prefix /berth): put /x")
          .hasMessageContaining("majority of the members up");
    }
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class WithTls {
    private EtcdCluster etcd;
    private TlsMaterial tls;
    private ClientCertificate client;

    @BeforeAll
    void start() {
      etcd = EtcdCluster.builder().tls().start();
      tls = etcd.tls().orElseThrow();
      client = etcd.clientCertificate();
    }

    @AfterAll
    void stop() {
      etcd.close();
    }

    @Test
    void caAndClientCertificate_readAndWrite() throws Exception {
      CoordSpec.Etcd spec =
          CoordSpec.Etcd.of(etcd.endpoints().toArray(URI[]::new))
              .withTls(new CoordSpec.Tls(tls.caCertificate(), client.certificate(), client.key()));
      try (KeyValueStore store = open(spec)) {
        KeyValue written = store.put("/tls", "over TLS");
        assertThat(store.get("/tls").orElseThrow().text()).isEqualTo("over TLS");
        assertThat(written.version()).isEqualTo(1);
      }
      assertThat(etcd.etcdctl(null, "get", "/berth/tls", "--print-value-only").strip())
          .isEqualTo("over TLS");
    }

    @Test
    void withoutAClientCertificate_isUnavailableAndPointsAtTheCertificates() {
      CoordSpec.Etcd spec =
          CoordSpec.Etcd.of(etcd.endpoints().toArray(URI[]::new))
              .withTls(new CoordSpec.Tls(tls.caCertificate(), null, null))
              .withTimeout(SHORT);
      try (KeyValueStore store = open(spec)) {
        assertThatThrownBy(() -> store.put("/x", "1"))
            .isInstanceOf(CoordUnavailableException.class)
            .hasMessageContaining("https://127.0.0.1:")
            .hasMessageContaining("client certificate");
      }
    }

    @Test
    void withoutTheCa_isUnavailable() {
      CoordSpec.Etcd spec =
          CoordSpec.Etcd.of(etcd.endpoints().toArray(URI[]::new)).withTimeout(SHORT);
      try (KeyValueStore store = open(spec)) {
        assertThatThrownBy(() -> store.get("/x"))
            .isInstanceOf(CoordUnavailableException.class)
            .hasMessageContaining("coord.tls.caFile");
      }
    }

    @Test
    void plainHttpToTlsMembers_isUnavailable() {
      URI[] plain =
          etcd.endpoints().stream()
              .map(u -> URI.create(u.toString().replace("https://", "http://")))
              .toArray(URI[]::new);
      try (KeyValueStore store = open(CoordSpec.Etcd.of(plain).withTimeout(SHORT))) {
        assertThatThrownBy(() -> store.get("/x"))
            .isInstanceOf(CoordUnavailableException.class)
            .hasMessageContaining("not https");
      }
    }

    @Test
    void missingCaFile_isRefusedWhenOpening() {
      Path missing = etcd.directory().resolve("no-such-ca.pem");
      CoordSpec.Etcd spec =
          CoordSpec.Etcd.of(etcd.endpoints().toArray(URI[]::new))
              .withTls(new CoordSpec.Tls(missing, client.certificate(), client.key()));
      assertThatThrownBy(() -> KeyValueStores.etcd(spec))
          .isInstanceOf(CoordException.class)
          .hasMessageContaining("coord.tls.caFile " + missing + " is not a readable file");
    }
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class WithAuth {
    private EtcdCluster etcd;
    private Credentials user;
    private Path good;

    @BeforeAll
    void start() throws Exception {
      etcd = EtcdCluster.single();
      Credentials root = Credentials.random("root");
      user = Credentials.random("berth");
      etcd.enableAuth(root);
      etcd.addUser(root, user, "/berth/");
      good = etcd.directory().resolve("good");
      Files.writeString(good, user.password() + "\n");
    }

    @AfterAll
    void stop() {
      etcd.close();
    }

    private CoordSpec.Etcd spec(String prefix) {
      return CoordSpec.Etcd.of(etcd.endpoints().toArray(URI[]::new))
          .withPrefix(prefix)
          .withTimeout(SHORT);
    }

    @Test
    void userAndPasswordFile_readAndWriteUnderTheirPrefix() throws Exception {
      try (KeyValueStore store = open(spec("/berth").withUser(user.username(), good))) {
        store.put("/auth", "yes");
        assertThat(store.get("/auth").orElseThrow().text()).isEqualTo("yes");
      }
    }

    @Test
    void wrongPassword_namesTheUserButNotThePassword() throws Exception {
      Path bad = etcd.directory().resolve("bad");
      Files.writeString(bad, "wrong-password\n");
      try (KeyValueStore store = open(spec("/berth").withUser(user.username(), bad))) {
        assertThatThrownBy(() -> store.put("/x", "1"))
            .isInstanceOf(CoordException.class)
            .isNotInstanceOf(CoordUnavailableException.class)
            .hasMessageContaining("authentication as user 'berth' failed")
            .message()
            .doesNotContain("wrong-password")
            .doesNotContain(user.password());
      }
    }

    @Test
    void noUser_saysTheClusterRequiresOne() {
      try (KeyValueStore store = open(spec("/berth"))) {
        assertThatThrownBy(() -> store.get("/x"))
            .isInstanceOf(CoordException.class)
            .hasMessageContaining("the cluster requires authentication")
            .hasMessageContaining("coord.username and coord.passwordFile");
      }
    }

    @Test
    void prefixTheRoleDoesNotCover_isPermissionDenied() {
      try (KeyValueStore store = open(spec("/other").withUser(user.username(), good))) {
        assertThatThrownBy(() -> store.put("/x", "1"))
            .isInstanceOf(CoordException.class)
            .hasMessageContaining("(prefix /other): put /x: permission denied to user 'berth'");
      }
    }

    @Test
    void emptyPasswordFile_isRefusedWhenOpening() throws Exception {
      Path empty = etcd.directory().resolve("empty");
      Files.writeString(empty, "\n");
      assertThatThrownBy(() -> KeyValueStores.etcd(spec("/berth").withUser("berth", empty)))
          .isInstanceOf(CoordException.class)
          .hasMessageContaining("coord.passwordFile " + empty + " holds no password");
    }
  }

  private static KeyValueStore open(CoordSpec.Etcd spec) {
    try {
      return KeyValueStores.etcd(spec);
    } catch (CoordException e) {
      throw new AssertionError(e);
    }
  }
}
