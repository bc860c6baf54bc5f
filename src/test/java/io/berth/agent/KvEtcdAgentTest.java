package io.berth.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.berth.api.Berth;
import io.berth.api.client.RemoteBerth;
import io.berth.kv.SecretKeyFile;
import io.berth.spec.BerthConfig;
import io.berth.spec.CoordSpec;
import io.berth.spec.KvSpec;
import io.berth.testing.BerthHome;
import io.berth.testing.EtcdCluster;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** An agent whose config's kv section puts the configuration store on a real etcd. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class KvEtcdAgentTest {
  private static EtcdCluster etcd;
  private BerthHome home;

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

  @BeforeEach
  void createHome() {
    home = BerthHome.create();
  }

  @AfterEach
  void removeHome() {
    home.close();
  }

  private EmbeddedAgent start(KvSpec kv) throws Exception {
    BerthConfig config = new BerthConfig(null, null, null, "test", null, null, kv);
    ConfigLoader loader = () -> new ConfigLoader.Loaded(config, List.of());
    return EmbeddedAgent.start(
        home.settings(), new AgentOptions(Engine.Recovery.stop, loader, null, null, null, null));
  }

  private KvSpec onEtcd(Path keyFile) {
    CoordSpec.Etcd spec =
        CoordSpec.Etcd.of(etcd.endpoints().toArray(java.net.URI[]::new)).withPrefix("/kvagent");
    return new KvSpec(spec, keyFile);
  }

  @Test
  void etcd_keysLiveInTheCluster_andSecretsUseTheSharedKeyFile() throws Exception {
    Path keyFile = home.directory().resolve("shared/kv.key");
    SecretKeyFile.generate(keyFile);
    try (EmbeddedAgent agent = start(onEtcd(keyFile));
        Berth berth = RemoteBerth.connect(agent.socket())) {
      berth.kv().put("/app/db/port", IntNode.valueOf(5432), false, null);
      berth.kv().put("/app/db/password", TextNode.valueOf("hunter2"), true, null);

      assertThat(etcd.etcdctl(null, "get", "/kvagent/kv/app/db/port")).contains("5432");
      assertThat(etcd.etcdctl(null, "get", "--prefix", "/kvagent/kv/")).doesNotContain("hunter2");
      assertThat(berth.kv().get("/app/db/password", true).value().asText()).isEqualTo("hunter2");
    }
  }

  @Test
  void etcd_withoutTheSharedKeyFile_plainKeysWork_secretsFailNamingIt() throws Exception {
    Path missing = home.directory().resolve("nowhere/kv.key");
    try (EmbeddedAgent agent = start(onEtcd(missing));
        Berth berth = RemoteBerth.connect(agent.socket())) {
      berth.kv().put("/plain", IntNode.valueOf(1), false, null);
      assertThat(berth.kv().get("/plain", false).value().asInt()).isEqualTo(1);
      assertThatThrownBy(() -> berth.kv().put("/secret", TextNode.valueOf("x"), true, null))
          .hasMessageContaining(missing.toString())
          .hasMessageContaining("does not exist");
    }
  }
}
