package io.berth.runtime.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Docker's default capabilities, --cap-add and --cap-drop, and who gets them in which set. */
class CapabilityTest {
  private static final List<String> DOCKER_DEFAULTS =
      List.of(
          "CAP_CHOWN",
          "CAP_DAC_OVERRIDE",
          "CAP_FOWNER",
          "CAP_FSETID",
          "CAP_KILL",
          "CAP_SETGID",
          "CAP_SETUID",
          "CAP_SETPCAP",
          "CAP_NET_BIND_SERVICE",
          "CAP_NET_RAW",
          "CAP_SYS_CHROOT",
          "CAP_MKNOD",
          "CAP_AUDIT_WRITE",
          "CAP_SETFCAP");

  private static OciCapabilities caps(SpecFixture fixture) {
    return fixture.build().process().capabilities();
  }

  @Test
  void capabilities_root_getsDockersDefaultsInBoundingEffectivePermitted() {
    OciCapabilities caps = caps(SpecFixture.image());

    assertThat(caps.bounding()).containsExactlyElementsOf(DOCKER_DEFAULTS);
    assertThat(caps.effective()).containsExactlyElementsOf(DOCKER_DEFAULTS);
    assertThat(caps.permitted()).containsExactlyElementsOf(DOCKER_DEFAULTS);
    assertThat(caps.inheritable()).isEmpty();
    assertThat(caps.ambient()).isEmpty();
  }

  @Test
  void capabilities_defaults_areDockersMask() {
    assertThat(Long.toHexString(Capability.mask(Capability.DEFAULTS))).isEqualTo("a80425fb");
    assertThat(Capability.fromMask(0xa80425fbL)).isEqualTo(Capability.DEFAULTS);
  }

  @Test
  void capabilities_nonRoot_getThemInBoundingOnly() {
    OciCapabilities caps = caps(SpecFixture.image().user("app"));

    assertThat(caps.bounding()).containsExactlyElementsOf(DOCKER_DEFAULTS);
    assertThat(caps.effective()).isEmpty();
    assertThat(caps.permitted()).isEmpty();
    assertThat(caps.inheritable()).isEmpty();
    assertThat(caps.ambient()).isEmpty();
  }

  @Test
  void capabilities_addAndDrop_acceptAnySpelling() {
    OciCapabilities caps =
        caps(
            SpecFixture.image().capAdd("net_admin", "CAP_SYS_PTRACE", "Sys_Time").capDrop("mknod"));

    assertThat(caps.bounding())
        .contains("CAP_NET_ADMIN", "CAP_SYS_PTRACE", "CAP_SYS_TIME")
        .doesNotContain("CAP_MKNOD")
        .hasSize(DOCKER_DEFAULTS.size() + 2);
  }

  @Test
  void capabilities_addAll_givesEveryOneButThoseDropped() {
    OciCapabilities caps = caps(SpecFixture.image().capAdd("ALL").capDrop("sys_admin"));

    assertThat(caps.bounding())
        .hasSize(Capability.values().length - 1)
        .contains("CAP_CHECKPOINT_RESTORE", "CAP_BPF")
        .doesNotContain("CAP_SYS_ADMIN");
  }

  @Test
  void capabilities_dropAll_leavesOnlyThoseAdded() {
    assertThat(caps(SpecFixture.image().capDrop("all").capAdd("NET_BIND_SERVICE")).bounding())
        .containsExactly("CAP_NET_BIND_SERVICE");
    assertThat(caps(SpecFixture.image().capDrop("ALL")).bounding()).isEmpty();
  }

  @Test
  void capabilities_droppedAndAdded_isKept() {
    assertThat(caps(SpecFixture.image().capDrop("CHOWN").capAdd("CHOWN")).bounding())
        .contains("CAP_CHOWN");
  }

  @Test
  void capabilities_unknown_failsNamingIt() {
    assertThatThrownBy(() -> SpecFixture.image().capAdd("CAP_FLY").build())
        .isInstanceOf(InvalidContainerException.class)
        .hasMessage("unknown capability 'CAP_FLY'");
    assertThatThrownBy(() -> SpecFixture.image().capDrop("teleport").build())
        .hasMessage("unknown capability 'teleport'");
  }

  @Test
  void capabilities_hostLacksOne_defaultsAndAllAreCutQuietly_anExplicitAddFails() {
    EnumSet<Capability> host = EnumSet.allOf(Capability.class);
    host.remove(Capability.SYS_RESOURCE);
    host.remove(Capability.AUDIT_WRITE);
    SpecFixture base = SpecFixture.image();
    HostFacts lacking = base.host.withCapabilities(host);

    assertThat(caps(SpecFixture.image().host(lacking)).bounding())
        .doesNotContain("CAP_AUDIT_WRITE")
        .hasSize(DOCKER_DEFAULTS.size() - 1);
    assertThat(caps(SpecFixture.image().host(lacking).capAdd("ALL")).bounding())
        .doesNotContain("CAP_SYS_RESOURCE", "CAP_AUDIT_WRITE");
    assertThatThrownBy(() -> SpecFixture.image().host(lacking).capAdd("sys_resource").build())
        .isInstanceOf(InvalidContainerException.class)
        .hasMessageContaining("CAP_SYS_RESOURCE");
  }

  @Test
  void capability_ordinals_areTheKernelsBitNumbers() {
    assertThat(Capability.CHOWN.ordinal()).isZero();
    assertThat(Capability.NET_ADMIN.ordinal()).isEqualTo(12);
    assertThat(Capability.SYS_ADMIN.ordinal()).isEqualTo(21);
    assertThat(Capability.SETFCAP.ordinal()).isEqualTo(31);
    assertThat(Capability.CHECKPOINT_RESTORE.ordinal()).isEqualTo(40);
  }
}
