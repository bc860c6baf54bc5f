package io.berth.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.spec.InterfaceSpec.Family;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** ContainerPilot's interface specifications, parsed. */
class InterfaceSpecTest {
  @Test
  void everyForm_parses() {
    assertThat(InterfaceSpec.parse("eth0")).isEqualTo(new InterfaceSpec.Named("eth0", Family.INET));
    assertThat(InterfaceSpec.parse("eth0:inet"))
        .isEqualTo(new InterfaceSpec.Named("eth0", Family.INET));
    assertThat(InterfaceSpec.parse("eth0:inet6"))
        .isEqualTo(new InterfaceSpec.Named("eth0", Family.INET6));
    assertThat(InterfaceSpec.parse("eth0[1]")).isEqualTo(new InterfaceSpec.Indexed("eth0", 1));
    assertThat(InterfaceSpec.parse("10.0.0.0/16"))
        .isEqualTo(new InterfaceSpec.Network(InetAddress.ofLiteral("10.0.0.0"), 16));
    assertThat(InterfaceSpec.parse("fdc6:238c:c4bc::/48"))
        .isEqualTo(new InterfaceSpec.Network(InetAddress.ofLiteral("fdc6:238c:c4bc::"), 48));
    assertThat(InterfaceSpec.parse("inet")).isEqualTo(new InterfaceSpec.Any(Family.INET));
    assertThat(InterfaceSpec.parse("inet6")).isEqualTo(new InterfaceSpec.Any(Family.INET6));
    assertThat(InterfaceSpec.parse("static:1.2.3.4"))
        .isEqualTo(new InterfaceSpec.Static(InetAddress.ofLiteral("1.2.3.4")));
  }

  @Test
  void aNetwork_containsWhatItsPrefixCovers() {
    var net = (InterfaceSpec.Network) InterfaceSpec.parse("10.1.0.0/15");

    assertThat(net.contains(InetAddress.ofLiteral("10.0.255.255"))).isTrue();
    assertThat(net.contains(InetAddress.ofLiteral("10.1.2.3"))).isTrue();
    assertThat(net.contains(InetAddress.ofLiteral("10.2.0.0"))).isFalse();
    assertThat(net.contains(InetAddress.ofLiteral("::a01:203"))).isFalse();
  }

  @Test
  void badSpecs_sayWhatIsExpected() {
    assertThatThrownBy(() -> InterfaceSpec.parse("eth0:inet4"))
        .hasMessageContaining("'eth0:inet4' is not an interface specification: expected eth0");
    assertThatThrownBy(() -> InterfaceSpec.parse("eth0[x]"))
        .hasMessageContaining("is not an interface specification");
    assertThatThrownBy(() -> InterfaceSpec.parse("10.0.0.0/40"))
        .hasMessage("'10.0.0.0/40': a network's prefix length is 0 to 32");
    assertThatThrownBy(() -> InterfaceSpec.parse("host.example/8"))
        .hasMessage("'host.example/8': 'host.example' is not an IP address");
    assertThatThrownBy(() -> InterfaceSpec.parse("static:"))
        .hasMessage("'static:': '' is not an IP address");
    assertThatThrownBy(() -> InterfaceSpec.parse(" "))
        .hasMessage("expected an interface specification, got nothing");
  }
}
