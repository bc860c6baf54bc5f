package io.berth.runtime.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.spec.ContainerSpec;
import org.junit.jupiter.api.Test;

/** The rest of the spec: root, hostname, workdir, limits, namespaces, cgroup, security. */
class OciSpecBuilderTest {
  @Test
  void root_isReadOnlyUnlessWritable() {
    assertThat(SpecFixture.image().build().root())
        .isEqualTo(new OciRoot("/var/lib/berth/containers/" + SpecFixture.ID + "/rootfs", true));
    assertThat(SpecFixture.image().writable().build().root().readonly()).isFalse();
  }

  @Test
  void hostname_defaultsToTheFirst12CharactersOfTheId() {
    assertThat(SpecFixture.image().build().hostname()).isEqualTo("4f1c2d3e5a6b");
    SpecFixture shortId = SpecFixture.image();
    shortId.id = "abc";
    assertThat(shortId.build().hostname()).isEqualTo("abc");
  }

  @Test
  void workdir_flagThenImageThenSlash() {
    SpecFixture flag = SpecFixture.image().imageWorkingDir("/srv");
    flag.workdir = "/work//dir/";

    assertThat(flag.build().process().cwd()).isEqualTo("/work/dir");
    assertThat(SpecFixture.image().imageWorkingDir("/srv").build().process().cwd())
        .isEqualTo("/srv");
    assertThat(SpecFixture.image().imageWorkingDir("app").build().process().cwd())
        .isEqualTo("/app");
    assertThat(SpecFixture.image().imageWorkingDir("").build().process().cwd()).isEqualTo("/");
    assertThat(SpecFixture.image().build().process().cwd()).isEqualTo("/");
  }

  @Test
  void process_hasNoNewPrivilegesNoTerminalAndOomScoreZero() {
    OciProcess process = SpecFixture.image().build().process();

    assertThat(process.noNewPrivileges()).isTrue();
    assertThat(process.terminal()).isFalse();
    assertThat(process.oomScoreAdj()).isZero();
  }

  @Test
  void rlimits_areAMillionWhenTheHostAllowsIt() {
    assertThat(SpecFixture.image().build().process().rlimits())
        .containsExactly(
            new OciRlimit("RLIMIT_NOFILE", 1_048_576, 1_048_576),
            new OciRlimit("RLIMIT_NPROC", 1_048_576, 1_048_576));
  }

  @Test
  void rlimits_neverExceedTheHostsHardLimit() {
    SpecFixture fixture = SpecFixture.image();
    fixture.host = fixture.host.withHardLimits(20_000, 4_096);

    assertThat(fixture.build().process().rlimits())
        .containsExactly(
            new OciRlimit("RLIMIT_NOFILE", 20_000, 20_000),
            new OciRlimit("RLIMIT_NPROC", 4_096, 4_096));
  }

  @Test
  void rlimits_hostLimitAboveTheCeilingOrUnlimited_isTheCeiling() {
    assertThat(Rlimits.capped(HostFacts.UNLIMITED)).isEqualTo(1_048_576);
    assertThat(Rlimits.capped(Long.MIN_VALUE)).isEqualTo(1_048_576);
    assertThat(Rlimits.capped(1L << 40)).isEqualTo(1_048_576);
    assertThat(Rlimits.capped(1_048_576)).isEqualTo(1_048_576);
    assertThat(Rlimits.capped(0)).isZero();
  }

  @Test
  void resources_none_leaveOnlyTheDeviceRules() {
    OciResources resources = SpecFixture.image().build().linux().resources();

    assertThat(resources.memory()).isNull();
    assertThat(resources.cpu()).isNull();
    assertThat(resources.pids()).isNull();
    assertThat(resources.devices().getFirst()).isEqualTo(OciResources.DeviceRule.denyAll());
    assertThat(resources.devices())
        .contains(
            OciResources.DeviceRule.allowChar(1, 3L, "rwm"),
            OciResources.DeviceRule.allowChar(1, 9L, "rwm"),
            OciResources.DeviceRule.allowChar(136, null, "rwm"))
        .noneMatch(rule -> rule.allow() && rule.type() == null);
  }

  @Test
  void resources_memoryCpuPids_becomeLimitsWithSwapEqualToMemory() {
    OciResources resources =
        SpecFixture.image().resources(64L << 20, 1.5, 100).build().linux().resources();

    assertThat(resources.memory()).isEqualTo(new OciResources.Memory(64L << 20, 64L << 20));
    assertThat(resources.cpu()).isEqualTo(new OciResources.Cpu(null, 150_000L, 100_000L));
    assertThat(resources.pids()).isEqualTo(new OciResources.Pids(100));
  }

  @Test
  void resources_hostWithoutSwapAccounting_setNoSwapLimit() {
    SpecFixture fixture = SpecFixture.image().resources(64L << 20, 0, 0);
    fixture.host = fixture.host.withSwapLimit(false);

    assertThat(fixture.build().linux().resources().memory())
        .isEqualTo(new OciResources.Memory(64L << 20, null));
  }

  @Test
  void resources_cpuBelowOneMillisecondPerPeriod_isRefused() {
    assertThatThrownBy(() -> SpecFixture.image().resources(0, 0.001, 0).build())
        .isInstanceOf(InvalidContainerException.class)
        .hasMessageContaining("CPU limit of 0.001 is too small");
    assertThat(SpecFixture.image().resources(0, 0.01, 0).build().linux().resources().cpu().quota())
        .isEqualTo(1_000);
  }

  @Test
  void cgroupsPath_isBerthSlashId() {
    assertThat(SpecFixture.image().build().linux().cgroupsPath())
        .isEqualTo("/berth/" + SpecFixture.ID);
  }

  @Test
  void namespaces_networkUnlessHost_cgroupOnV2Only() {
    assertThat(SpecFixture.image().build().linux().namespaces())
        .extracting(OciNamespace::type)
        .containsExactly("pid", "ipc", "uts", "mount", "network");
    assertThat(SpecFixture.image().network(ContainerSpec.Network.HOST).build().linux().namespaces())
        .extracting(OciNamespace::type)
        .containsExactly("pid", "ipc", "uts", "mount");
    SpecFixture v2 = SpecFixture.image();
    v2.host = v2.host.withCgroupV2(true);
    assertThat(v2.build().linux().namespaces())
        .extracting(OciNamespace::type)
        .containsExactly("pid", "ipc", "uts", "mount", "network", "cgroup");
    assertThat(v2.build().linux().namespaces()).allMatch(ns -> ns.path() == null);
  }

  @Test
  void linux_masksAndProtectsKernelPaths() {
    OciLinux linux = SpecFixture.image().build().linux();

    assertThat(linux.maskedPaths())
        .containsExactly(
            "/proc/acpi",
            "/proc/asound",
            "/proc/kcore",
            "/proc/keys",
            "/proc/latency_stats",
            "/proc/timer_list",
            "/proc/timer_stats",
            "/proc/sched_debug",
            "/proc/scsi",
            "/sys/firmware",
            "/sys/devices/virtual/powercap");
    assertThat(linux.readonlyPaths())
        .containsExactly("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger");
    assertThat(linux.uidMappings()).isNull();
    assertThat(linux.rootfsPropagation()).isNull();
    assertThat(linux.seccomp()).isNotNull();
  }

  @Test
  void annotations_nameTheContainerAndItsImage() {
    SpecFixture fixture = SpecFixture.image();
    fixture.imageStopSignal = "SIGQUIT";

    assertThat(fixture.build().annotations())
        .containsExactly(
            java.util.Map.entry("io.berth.container.id", SpecFixture.ID),
            java.util.Map.entry("io.berth.image.digest", SpecFixture.DIGEST.toString()),
            java.util.Map.entry("io.berth.image.ref", "registry.test/team/app:1.0"),
            java.util.Map.entry("io.berth.stop-signal", "SIGQUIT"));
    assertThat(SpecFixture.image().build().annotations()).doesNotContainKey("io.berth.stop-signal");
  }

  @Test
  void request_badContainerId_isRefused() {
    SpecFixture fixture = SpecFixture.image();
    fixture.id = "../escape";

    assertThatThrownBy(fixture::request)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid container id '../escape'");
  }

  @Test
  void build_isDeterministic() {
    SpecFixture fixture =
        SpecFixture.image().env("A", "1").capAdd("NET_ADMIN").resources(64L << 20, 1, 10);

    assertThat(fixture.build().toJson()).isEqualTo(fixture.build().toJson());
    assertThat(fixture.build()).isEqualTo(fixture.build());
  }

  @Test
  void spec_roundTripsThroughJson() {
    OciSpec spec = SpecFixture.image().init().user("app").resources(64L << 20, 1, 10).build();

    assertThat(OciSpec.parse(spec.toJson())).isEqualTo(spec);
  }
}
