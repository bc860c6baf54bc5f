package io.berth.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.spec.BerthConfig;
import io.berth.spec.CoordSpec;
import io.berth.spec.DiscoverySpec;
import io.berth.spec.InterfaceSpec;
import io.berth.spec.InterfaceSpec.Family;
import io.berth.spec.RegistrationSpec;
import io.berth.spec.ServiceSpec;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A service's discovery fields and the {@code discovery} section. */
class DiscoveryConfigTest {
  private static ServiceSpec service(String yaml) {
    return ConfigParserTest.service("image: nginx\n" + yaml);
  }

  private static String error(String text) {
    return ConfigErrorsTest.yaml(text).getMessage();
  }

  @Test
  void aServiceWithoutPort_isNotRegistered() {
    assertThat(service("command: [sleep, '1']\n").registration()).isNull();
  }

  @Test
  void everyRegistrationField_arrives() {
    ServiceSpec s =
        service(
            """
            port: 8080
            tags: [web, v2]
            meta: {zone: a, weight: 3}
            interfaces: [eth0, "eth1[1]", 10.0.0.0/8, "eth2:inet6", inet6, "static:192.0.2.7"]
            """);

    assertThat(s.registration())
        .isEqualTo(
            new RegistrationSpec(
                8080,
                List.of("web", "v2"),
                Map.of("zone", "a", "weight", "3"),
                List.of(
                    new InterfaceSpec.Named("eth0", Family.INET),
                    new InterfaceSpec.Indexed("eth1", 1),
                    new InterfaceSpec.Network(InetAddress.ofLiteral("10.0.0.0"), 8),
                    new InterfaceSpec.Named("eth2", Family.INET6),
                    new InterfaceSpec.Any(Family.INET6),
                    new InterfaceSpec.Static(InetAddress.ofLiteral("192.0.2.7"))),
                null));
  }

  @Test
  void oneInterface_andAnAddress_andTheDefaultInterfaces() {
    assertThat(service("port: 80\ninterfaces: inet\n").registration().interfaces())
        .containsExactly(new InterfaceSpec.Any(Family.INET));
    RegistrationSpec fixed = service("port: 80\naddress: 2001:db8::5\n").registration();
    assertThat(fixed.address()).isEqualTo(InetAddress.ofLiteral("2001:db8::5"));
    assertThat(fixed.interfaces()).isEqualTo(RegistrationSpec.DEFAULT_INTERFACES);
  }

  @Test
  void badValues_nameTheField() {
    String prefix = "services:\n  s:\n    image: nginx\n";
    assertThat(error(prefix + "    port: 70000\n"))
        .isEqualTo("berth.yaml:4:5: services.s.port: expected a number up to 65535, got 70000");
    assertThat(error(prefix + "    port: 0\n"))
        .isEqualTo("berth.yaml:4:5: services.s.port: expected a port from 1 to 65535, got 0");
    assertThat(error(prefix + "    port: 80\n    interfaces: [eth0, 'eth0:inet7']\n"))
        .startsWith("berth.yaml:5:24: services.s.interfaces[1]: 'eth0:inet7' is not an interface")
        .contains("eth0:inet6, eth0[1]");
    assertThat(error(prefix + "    port: 80\n    interfaces: 10.0.0.0/33\n"))
        .isEqualTo(
            "berth.yaml:5:5: services.s.interfaces: '10.0.0.0/33': a network's prefix length is"
                + " 0 to 32");
    assertThat(error(prefix + "    port: 80\n    interfaces: 'static:db.local'\n"))
        .isEqualTo(
            "berth.yaml:5:5: services.s.interfaces: 'static:db.local': 'db.local' is not an IP"
                + " address");
    assertThat(error(prefix + "    port: 80\n    address: example.com\n"))
        .isEqualTo(
            "berth.yaml:5:5: services.s.address: expected an IP address such as 10.0.0.5, got"
                + " \"example.com\"");
    assertThat(error(prefix + "    tags: [a]\n"))
        .isEqualTo(
            "berth.yaml:4:5: services.s.tags: only a service with a port is registered in"
                + " discovery; add port");
  }

  @Test
  void discoverySection_defaultsToEmbedded_withATenSecondTtl() {
    BerthConfig config = ConfigParserTest.parse("services: {}\n", "berth.yaml").config();

    assertThat(config.discovery()).isEqualTo(DiscoverySpec.DEFAULT);
    assertThat(config.discovery().backend()).isEqualTo(CoordSpec.embedded());
    assertThat(config.discovery().ttl()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void discoverySection_etcd_hasCoordsFields() {
    BerthConfig config =
        ConfigParserTest.parse(
                """
                discovery:
                  backend: etcd
                  endpoints: [https://10.0.0.1:2379, https://10.0.0.2:2379]
                  prefix: /prod
                  tls: {caFile: /etc/berth/etcd-ca.pem}
                  username: berth
                  passwordFile: /etc/berth/etcd-password
                  timeout: 5s
                  ttl: 30s
                """,
                "berth.yaml")
            .config();

    assertThat(config.discovery())
        .isEqualTo(
            new DiscoverySpec(
                new CoordSpec.Etcd(
                    List.of(
                        URI.create("https://10.0.0.1:2379"), URI.create("https://10.0.0.2:2379")),
                    "/prod",
                    new CoordSpec.Tls(Path.of("/etc/berth/etcd-ca.pem"), null, null),
                    "berth",
                    Path.of("/etc/berth/etcd-password"),
                    Duration.ofSeconds(5)),
                Duration.ofSeconds(30)));
  }

  @Test
  void discoverySection_errorsNameTheField() {
    assertThat(error("discovery: {backend: consul}\n"))
        .isEqualTo("berth.yaml:1:13: discovery.backend: expected embedded or etcd, got \"consul\"");
    assertThat(error("discovery: {backend: etcd}\n"))
        .startsWith("berth.yaml:1:1: discovery.endpoints: missing; expected the etcd members'");
    assertThat(error("discovery: {prefix: /x}\n"))
        .isEqualTo("berth.yaml:1:13: discovery.prefix: only the etcd backend has prefix");
    assertThat(error("discovery: {backend: etcd, endpoints: [ftp://x:1]}\n"))
        .contains("discovery: discovery.endpoints[0]: expected http://host:port");
    assertThat(error("discovery: {ttl: 1500ms}\n"))
        .isEqualTo(
            "berth.yaml:1:13: discovery.ttl: discovery.ttl: expected whole seconds, at least 1s,"
                + " not PT1.5S");
  }
}
