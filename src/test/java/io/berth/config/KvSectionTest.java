package io.berth.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.spec.BerthConfig;
import io.berth.spec.CoordSpec;
import io.berth.spec.KvSpec;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code kv} section: where the configuration store lives. */
class KvSectionTest {
  private static BerthConfig yaml(String text) {
    return ConfigParserTest.parse(text, "berth.yaml").config();
  }

  private static String error(String text) {
    return ConfigErrorsTest.yaml(text).getMessage();
  }

  @Test
  void absent_meansTheEmbeddedStore() {
    assertThat(yaml("services: {}\n").kv()).isEqualTo(KvSpec.DEFAULT);
    assertThat(yaml("kv: {backend: embedded, history: 50}\n").kv().store())
        .isEqualTo(new CoordSpec.Embedded(50, CoordSpec.Embedded.DEFAULT_HISTORY_BYTES));
  }

  @Test
  void etcd_everyFieldArrives() {
    KvSpec kv =
        yaml("""
                kv:
                  backend: etcd
                  endpoints: [https://10.0.0.1:2379, https://10.0.0.2:2379]
                  prefix: /shop
                  username: berth
                  passwordFile: /etc/berth/etcd.password
                  timeout: 5s
                  tls: {caFile: /etc/berth/etcd-ca.pem}
                  secretKeyFile: /etc/berth/kv.key
                """)
            .kv();

    assertThat(kv.secretKeyFile()).isEqualTo(Path.of("/etc/berth/kv.key"));
    assertThat(kv.store())
        .isEqualTo(
            new CoordSpec.Etcd(
                List.of(URI.create("https://10.0.0.1:2379"), URI.create("https://10.0.0.2:2379")),
                "/shop",
                new CoordSpec.Tls(Path.of("/etc/berth/etcd-ca.pem"), null, null),
                "berth",
                Path.of("/etc/berth/etcd.password"),
                Duration.ofSeconds(5)));
  }

  @Test
  void mistakes_nameTheField() {
    assertThat(error("kv: {backend: consul}\n")).contains("kv.backend", "embedded or etcd");
    assertThat(error("kv: {backend: etcd}\n")).contains("kv.endpoints", "missing");
    assertThat(error("kv: {backend: etcd, endpoints: [ftp://x:1]}\n"))
        .contains("kv", "endpoints[0]", "http://host:port");
    assertThat(error("kv: {backend: embedded, endpoints: [http://x:1]}\n"))
        .contains("kv", "endpoints");
    assertThat(error("kv: {backend: etcd, endpoints: [http://x:1], username: u}\n"))
        .contains("kv", "passwordFile");
  }
}
