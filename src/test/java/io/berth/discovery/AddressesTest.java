package io.berth.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.spec.InterfaceSpec;
import io.berth.spec.RegistrationSpec;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Address resolution from interface specifications, on ContainerPilot's sample interfaces. */
class AddressesTest {
  /** ContainerPilot's documented sample, given out of order to show the sorting. */
  private static final List<HostInterface> SAMPLE =
      List.of(
          HostInterface.of("lo", "127.0.0.1", "::1"),
          HostInterface.of("eth2", "fdc6:238c:c4bc::1", "10.1.0.200"),
          HostInterface.of("eth0", "192.168.1.100", "10.2.0.1"),
          HostInterface.of("eth1", "10.0.0.200", "10.0.0.100"));

  private static Optional<String> resolve(String... specs) {
    return Addresses.resolve(Arrays.stream(specs).map(InterfaceSpec::parse).toList(), SAMPLE)
        .map(InetAddress::getHostAddress);
  }

  @Test
  void addresses_areOrderedByBytes_ipv4AsMappedIpv6() {
    assertThat(SAMPLE.get(0).addresses())
        .extracting(InetAddress::getHostAddress)
        .containsExactly("0:0:0:0:0:0:0:1", "127.0.0.1");
    assertThat(SAMPLE.get(1).addresses())
        .extracting(InetAddress::getHostAddress)
        .containsExactly("10.1.0.200", "fdc6:238c:c4bc:0:0:0:0:1");
  }

  @Test
  void aName_isItsFirstIpv4() {
    assertThat(resolve("eth0")).contains("10.2.0.1");
    assertThat(resolve("eth0:inet")).contains("10.2.0.1");
    assertThat(resolve("eth1")).contains("10.0.0.100");
  }

  @Test
  void inet6_onAName_isItsFirstIpv6() {
    assertThat(resolve("eth2:inet6")).contains("fdc6:238c:c4bc:0:0:0:0:1");
    assertThat(resolve("eth0:inet6")).isEmpty();
  }

  @Test
  void anIndex_countsEveryAddressOfTheInterface_fromZero() {
    assertThat(resolve("eth1[1]")).contains("10.0.0.200");
    assertThat(resolve("eth2[1]")).contains("fdc6:238c:c4bc:0:0:0:0:1");
    assertThat(resolve("eth1[2]")).isEmpty();
  }

  @Test
  void aNetwork_isTheFirstAddressInIt_byInterfaceName() {
    assertThat(resolve("10.0.0.0/8")).contains("10.2.0.1");
    assertThat(resolve("10.0.0.0/16")).contains("10.0.0.100");
    assertThat(resolve("fdc6:238c:c4bc::/48")).contains("fdc6:238c:c4bc:0:0:0:0:1");
    assertThat(resolve("172.16.0.0/12")).isEmpty();
  }

  @Test
  void inetAndInet6_areTheFirstOfTheFamily_loopbackExcluded() {
    assertThat(resolve("inet")).contains("10.2.0.1");
    assertThat(resolve("inet6")).contains("fdc6:238c:c4bc:0:0:0:0:1");
    assertThat(
            Addresses.resolve(
                List.of(InterfaceSpec.parse("inet")), List.of(HostInterface.of("lo", "127.0.0.1"))))
        .isEmpty();
  }

  @Test
  void theFirstSpecThatMatches_wins() {
    assertThat(resolve("eth9", "192.0.2.0/24", "eth1[1]", "inet")).contains("10.0.0.200");
    assertThat(resolve("static:192.0.2.9", "eth0")).contains("192.0.2.9");
  }

  @Test
  void aServiceOnTheHostNetwork_resolvesTheHostsInterfaces() {
    RegistrationSpec spec =
        new RegistrationSpec(80, null, null, List.of(InterfaceSpec.parse("eth1")), null);

    assertThat(Addresses.of(spec, true, () -> SAMPLE).getHostAddress()).isEqualTo("10.0.0.100");
  }

  @Test
  void aServiceInItsOwnNetwork_hasOnlyStaticSpecs_elseLoopback() {
    RegistrationSpec eth1 =
        new RegistrationSpec(80, null, null, List.of(InterfaceSpec.parse("eth1")), null);
    RegistrationSpec fixed =
        new RegistrationSpec(
            80,
            null,
            null,
            List.of(InterfaceSpec.parse("eth1"), InterfaceSpec.parse("static:192.0.2.1")),
            null);

    assertThat(Addresses.of(eth1, false, () -> SAMPLE)).isEqualTo(Addresses.LOOPBACK);
    assertThat(Addresses.of(fixed, false, () -> SAMPLE).getHostAddress()).isEqualTo("192.0.2.1");
  }

  @Test
  void anExplicitAddress_winsOverEverything() {
    RegistrationSpec spec =
        new RegistrationSpec(80, null, null, null, InetAddress.ofLiteral("198.51.100.4"));

    assertThat(Addresses.of(spec, true, () -> SAMPLE).getHostAddress()).isEqualTo("198.51.100.4");
  }

  @Test
  void theDefault_isEth0_thenAnyIpv4_thenLoopback() {
    RegistrationSpec spec = RegistrationSpec.port(80);
    List<HostInterface> noEth0 = List.of(HostInterface.of("ens3", "10.9.0.1"));
    List<HostInterface> loopbackOnly = List.of(HostInterface.of("lo", "127.0.0.1"));

    assertThat(Addresses.of(spec, true, () -> SAMPLE).getHostAddress()).isEqualTo("10.2.0.1");
    assertThat(Addresses.of(spec, true, () -> noEth0).getHostAddress()).isEqualTo("10.9.0.1");
    assertThat(Addresses.of(spec, true, () -> loopbackOnly)).isEqualTo(Addresses.LOOPBACK);
  }

  @Test
  void theHostsOwnInterfaces_areReadAndSorted() {
    List<HostInterface> host = HostInterface.host();

    assertThat(host).isSortedAccordingTo(HostInterface.BY_NAME);
    assertThat(host)
        .anySatisfy(i -> assertThat(i.addresses()).anyMatch(InetAddress::isLoopbackAddress));
    for (HostInterface i : host) {
      assertThat(i.addresses()).isSortedAccordingTo(HostInterface.BY_BYTES);
      assertThat(i.addresses()).noneMatch(a -> a.getHostAddress().contains("%"));
    }
  }
}
