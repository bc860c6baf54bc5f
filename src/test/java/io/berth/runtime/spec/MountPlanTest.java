package io.berth.runtime.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.spec.MountSpec;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The mounts: the defaults, the generated /etc files, --init, the user's binds and tmpfs. */
class MountPlanTest {
  private static final String DIR = "/var/lib/berth/containers/" + SpecFixture.ID;

  private static OciMount at(OciSpec spec, String destination) {
    return spec.mounts().stream()
        .filter(m -> m.destination().equals(destination))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no mount on " + destination));
  }

  @Test
  void mounts_plainContainer_areTheDefaultsThenTheGeneratedFiles() {
    OciSpec spec = SpecFixture.image().build();

    assertThat(spec.mounts())
        .extracting(OciMount::destination)
        .containsExactly(
            "/proc",
            "/dev",
            "/dev/pts",
            "/dev/shm",
            "/dev/mqueue",
            "/sys",
            "/sys/fs/cgroup",
            "/etc/hosts",
            "/etc/hostname",
            "/etc/resolv.conf");
    assertThat(at(spec, "/proc"))
        .isEqualTo(new OciMount("/proc", "proc", "proc", List.of("nosuid", "noexec", "nodev")));
    assertThat(at(spec, "/dev").options())
        .containsExactly("nosuid", "strictatime", "mode=755", "size=65536k");
    assertThat(at(spec, "/dev/pts").options())
        .contains("newinstance", "ptmxmode=0666", "mode=0620", "gid=5");
    assertThat(at(spec, "/dev/shm").type()).isEqualTo("tmpfs");
    assertThat(at(spec, "/dev/shm").options()).contains("size=65536k", "nosuid", "nodev");
    assertThat(at(spec, "/dev/mqueue").type()).isEqualTo("mqueue");
    assertThat(at(spec, "/sys").options()).containsExactly("nosuid", "noexec", "nodev", "ro");
    assertThat(at(spec, "/sys/fs/cgroup").options()).contains("ro");
  }

  @Test
  void generatedFiles_readOnlyRoot_areMountedReadOnly() {
    OciSpec spec = SpecFixture.image().build();

    assertThat(at(spec, "/etc/hosts"))
        .isEqualTo(
            new OciMount("/etc/hosts", "bind", DIR + "/hosts", List.of("rbind", "rprivate", "ro")));
    assertThat(at(spec, "/etc/hostname").source()).isEqualTo(DIR + "/hostname");
    assertThat(at(spec, "/etc/resolv.conf").source()).isEqualTo(DIR + "/resolv.conf");
    assertThat(at(spec, "/etc/resolv.conf").options()).contains("ro");
  }

  @Test
  void generatedFiles_writableRoot_areWritableAsInDocker() {
    OciSpec spec = SpecFixture.image().writable().build();

    assertThat(at(spec, "/etc/hosts").options()).containsExactly("rbind", "rprivate");
    assertThat(at(spec, "/etc/resolv.conf").options()).doesNotContain("ro");
  }

  @Test
  void generatedFiles_none_mountNothing() {
    SpecFixture fixture = SpecFixture.image();
    fixture.files = GeneratedFiles.NONE;

    assertThat(fixture.build().mounts()).noneMatch(m -> m.destination().startsWith("/etc/"));
  }

  @Test
  void userBinds_areRbindRprivate_readOnlyWhenAsked() {
    OciSpec spec =
        SpecFixture.image()
            .mount(MountSpec.bind("/srv/data", "/data", false))
            .mount(MountSpec.bind("/srv/conf", "/etc/app/", true))
            .build();

    assertThat(at(spec, "/data"))
        .isEqualTo(new OciMount("/data", "bind", "/srv/data", List.of("rbind", "rprivate")));
    assertThat(at(spec, "/etc/app"))
        .isEqualTo(
            new OciMount("/etc/app", "bind", "/srv/conf", List.of("rbind", "rprivate", "ro")));
  }

  @Test
  void userBinds_missingSource_failsNamingIt() {
    SpecFixture fixture = SpecFixture.image().mount(MountSpec.bind("/srv/gone", "/data", false));
    fixture.host = fixture.host.withPathCheck(path -> !path.equals(Path.of("/srv/gone")));

    assertThatThrownBy(fixture::build)
        .isInstanceOf(InvalidContainerException.class)
        .hasMessage("the bind mount source /srv/gone does not exist on the host (mount on /data)");
  }

  @Test
  void userTmpfs_getsNosuidNodevThenItsOptions() {
    OciSpec spec =
        SpecFixture.image()
            .mount(MountSpec.tmpfs("/tmp", "size=64m,mode=1777"))
            .mount(MountSpec.tmpfs("/run", null))
            .mount(MountSpec.tmpfs("/scratch", "exec,suid,noatime"))
            .build();

    assertThat(at(spec, "/tmp"))
        .isEqualTo(
            new OciMount(
                "/tmp", "tmpfs", "tmpfs", List.of("nosuid", "nodev", "size=64m", "mode=1777")));
    assertThat(at(spec, "/run").options()).containsExactly("nosuid", "nodev");
    assertThat(at(spec, "/scratch").options()).containsExactly("nodev", "exec", "noatime");
  }

  @Test
  void userTmpfs_badOption_failsNamingItAndTheMount() {
    assertThatThrownBy(
            () -> SpecFixture.image().mount(MountSpec.tmpfs("/tmp", "size=lots")).build())
        .isInstanceOf(InvalidContainerException.class)
        .hasMessageStartingWith("invalid tmpfs option 'size=lots' for /tmp");
    assertThatThrownBy(() -> SpecFixture.image().mount(MountSpec.tmpfs("/tmp", "bogus")).build())
        .hasMessageStartingWith("invalid tmpfs option 'bogus'");
    assertThatThrownBy(() -> SpecFixture.image().mount(MountSpec.tmpfs("/tmp", "mode=999")).build())
        .hasMessageStartingWith("invalid tmpfs option 'mode=999'");
  }

  @Test
  void userMounts_onGeneratedOrDefaultDestinations_replaceThem() {
    OciSpec spec =
        SpecFixture.image()
            .mount(MountSpec.bind("/srv/resolv.conf", "/etc/resolv.conf", true))
            .mount(MountSpec.tmpfs("/dev/shm", "size=1g"))
            .build();

    assertThat(spec.mounts())
        .filteredOn(m -> m.destination().equals("/etc/resolv.conf"))
        .singleElement()
        .extracting(OciMount::source)
        .isEqualTo("/srv/resolv.conf");
    assertThat(spec.mounts())
        .filteredOn(m -> m.destination().equals("/dev/shm"))
        .singleElement()
        .satisfies(m -> assertThat(m.options()).contains("size=1g"));
  }

  @Test
  void userMounts_areSortedParentsFirstAfterTheDefaults() {
    OciSpec spec =
        SpecFixture.image()
            .init()
            .mount(MountSpec.bind("/srv/a", "/data/inner", false))
            .mount(MountSpec.bind("/srv/b", "/data", false))
            .mount(MountSpec.tmpfs("/etc", null))
            .build();

    assertThat(spec.mounts())
        .extracting(OciMount::destination)
        .containsSubsequence("/sys/fs/cgroup", "/data", "/etc", "/etc/hosts", "/dev/init")
        .containsSubsequence("/data", "/data/inner");
  }

  @Test
  void userMounts_onRootProcOrTwiceOnOnePath_areRefused() {
    assertThatThrownBy(() -> SpecFixture.image().mount(MountSpec.bind("/x", "/", false)).build())
        .isInstanceOf(InvalidContainerException.class)
        .hasMessageContaining("cannot mount over /");
    assertThatThrownBy(() -> SpecFixture.image().mount(MountSpec.tmpfs("/proc/sys", null)).build())
        .hasMessageContaining("cannot mount over /proc/sys");
    assertThatThrownBy(
            () ->
                SpecFixture.image()
                    .mount(MountSpec.tmpfs("/data", null))
                    .mount(MountSpec.bind("/x", "/data/", false))
                    .build())
        .hasMessage("two mounts on /data");
  }
}
