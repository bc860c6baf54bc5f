package io.berth.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class EtcdClusterTest {

  @Test
  void single_answersHealthyOnLoopback() {
    try (EtcdCluster etcd = EtcdCluster.single()) {
      assertThat(etcd.endpoints()).hasSize(1);
      assertThat(etcd.endpoints().getFirst().toString()).startsWith("http://127.0.0.1:");
      etcd.etcdctl(null, "endpoint", "health");
      assertThat(etcd.member(0).watchers()).isZero();
    }
  }

  @Test
  void close_running_leavesNoProcessAndNoFiles() {
    EtcdCluster etcd = EtcdCluster.single();
    ProcessHandle process = etcd.member(0).processHandle();
    Path directory = etcd.directory();

    etcd.close();

    assertThat(process.isAlive()).isFalse();
    assertThat(directory).doesNotExist();
  }

  @Test
  void threeMembers_oneKilledAndStartedAgain_keepsItsData() {
    try (EtcdCluster etcd = EtcdCluster.builder().members(3).start()) {
      etcd.etcdctl(null, "put", "/k", "v1");
      long pid = etcd.member(1).processHandle().pid();

      etcd.member(1).kill();
      assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
      // the killed member may have been the leader: the other two elect one first
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(30))
          .ignoreExceptions()
          .until(
              () -> {
                etcd.etcdctl(null, "put", "/k", "v2");
                return true;
              });
      etcd.member(1).start();

      String value =
          Command.of(
                  "etcdctl",
                  "--endpoints=" + etcd.member(1).clientUrl(),
                  "get",
                  "/k",
                  "--print-value-only",
                  "--consistency=s")
              .run();
      assertThat(value.strip()).isEqualTo("v2");
    }
  }

  @Test
  void tls_requiresTheCaAndAClientCertificate() throws Exception {
    try (EtcdCluster etcd = EtcdCluster.builder().tls().start()) {
      URI health = etcd.endpoints().getFirst().resolve("/health");
      assertThat(health.getScheme()).isEqualTo("https");
      TlsMaterial tls = etcd.tls().orElseThrow();

      try (HttpClient mutual =
              HttpClient.newBuilder()
                  .sslContext(tls.clientContext(etcd.clientCertificate()))
                  .build();
          HttpClient anonymous = HttpClient.newBuilder().sslContext(tls.clientContext()).build()) {
        HttpRequest request = HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(5)).build();
        assertThat(mutual.send(request, HttpResponse.BodyHandlers.ofString()).body())
            .contains("\"health\":\"true\"");
        assertThatThrownBy(() -> anonymous.send(request, HttpResponse.BodyHandlers.ofString()))
            .isInstanceOfAny(SSLException.class, java.io.IOException.class);
      }
      etcd.etcdctl(null, "endpoint", "health");
    }
  }

  @Test
  void auth_userLimitedToAPrefix() {
    try (EtcdCluster etcd = EtcdCluster.single()) {
      Credentials root = Credentials.random("root");
      Credentials user = Credentials.random("berth");
      etcd.enableAuth(root);
      etcd.addUser(root, user, "/berth/");

      etcd.etcdctl(user, "put", "/berth/a", "1");

      assertThatThrownBy(() -> etcd.etcdctl(user, "put", "/other", "1"))
          .hasMessageContaining("permission denied");
      assertThatThrownBy(() -> etcd.etcdctl(null, "get", "/berth/a"))
          .hasMessageContaining("user name is empty");
      assertThat(List.of(etcd.etcdctl(root, "get", "/berth/a", "--print-value-only").strip()))
          .containsExactly("1");
    }
  }
}
