package io.berth.runtime.spec;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.spec.ContainerSpec;
import io.berth.spec.MountSpec;
import io.berth.testing.Command;
import io.berth.testing.TempDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The built config.json run by the real runc on a busybox root filesystem: what the process sees is
 * what the rules say. Each test has a bundle and a container of its own, deleted afterwards.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RuncTest {
  private RuncBundle bundle;

  @BeforeEach
  void createBundle() {
    bundle = RuncBundle.create();
  }

  @AfterEach
  void deleteBundle() {
    bundle.close();
  }

  private RuncBundle.Result sh(SpecFixture fixture, String script) {
    return bundle.run(fixture.command("sh", "-c", script).build());
  }

  private RuncBundle.Result sh(String script) {
    return sh(bundle.fixture(), script);
  }

  @Test
  void process_seesItsEnvWorkdirUserGroupsAndHostname() {
    SpecFixture fixture =
        bundle.fixture().imageEnv("FROM_IMAGE=1", "SHARED=image").env("SHARED", "user").user("app");
    fixture.workdir = "/home/app";

    RuncBundle.Result result =
        sh(fixture, "env; echo cwd=$(pwd); id; echo host=$(hostname)").succeeded();

    assertThat(result.stdout())
        .contains(
            "FROM_IMAGE=1",
            "SHARED=user",
            "HOME=/home/app",
            "HOSTNAME=" + bundle.id.substring(0, 12),
            "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "cwd=/home/app",
            "uid=1000(app) gid=1000(app)",
            "50(staff)",
            "63(audio)",
            "host=" + bundle.id.substring(0, 12))
        .doesNotContain("SHARED=image");
  }

  @Test
  void process_numericUserAndGroup_needNoEntry() {
    RuncBundle.Result result = sh(bundle.fixture().user("4242:4343"), "id -u; id -g; id -G");

    assertThat(result.succeeded().stdout()).isEqualTo("4242\n4343\n4343\n");
  }

  @Test
  void status_root_hasDockersCapabilitiesNoNewPrivsAndASeccompFilter() {
    String status = sh("cat /proc/self/status").succeeded().stdout();

    assertThat(HostProbe.statusField(status, "NoNewPrivs")).isEqualTo("1");
    assertThat(HostProbe.statusField(status, "Seccomp")).isEqualTo("2");
    assertThat(HostProbe.statusField(status, "CapEff")).isEqualTo("00000000a80425fb");
    assertThat(HostProbe.statusField(status, "CapPrm")).isEqualTo("00000000a80425fb");
    assertThat(HostProbe.statusField(status, "CapBnd")).isEqualTo("00000000a80425fb");
    assertThat(HostProbe.statusField(status, "CapInh")).isEqualTo("0000000000000000");
    assertThat(HostProbe.statusField(status, "CapAmb")).isEqualTo("0000000000000000");
  }

  @Test
  void status_nonRoot_hasTheCapabilitiesInBoundingOnly() {
    String status = sh(bundle.fixture().user("app"), "cat /proc/self/status").succeeded().stdout();

    assertThat(HostProbe.statusField(status, "CapEff")).isEqualTo("0000000000000000");
    assertThat(HostProbe.statusField(status, "CapPrm")).isEqualTo("0000000000000000");
    assertThat(HostProbe.statusField(status, "CapBnd")).isEqualTo("00000000a80425fb");
    assertThat(HostProbe.statusField(status, "Seccomp")).isEqualTo("2");
  }

  @Test
  void status_capAddAndDrop_showInTheMasks() {
    String status =
        sh(
                bundle.fixture().capAdd("NET_ADMIN").capDrop("CAP_MKNOD", "net_raw"),
                "cat /proc/self/status")
            .succeeded()
            .stdout();

    long expected = 0xa80425fbL | (1L << 12);
    expected &= ~(1L << 27);
    expected &= ~(1L << 13);
    assertThat(HostProbe.statusField(status, "CapEff")).isEqualTo("%016x".formatted(expected));
  }

  @Test
  void seccomp_refusesAUserNamespaceTheKernelWouldAllow() {
    SpecFixture fixture = bundle.fixture();
    OciSpec filtered = fixture.command("unshare", "-U", "true").build();
    OciSpec unfiltered = withoutSeccomp(filtered);

    RuncBundle.Result refused = bundle.run(filtered);
    RuncBundle.Result control = bundle.run(unfiltered);

    assertThat(refused.exitCode()).as(refused.toString()).isNotZero();
    assertThat(refused.stderr()).contains("Operation not permitted");
    assertThat(control.exitCode()).as("without the filter: " + control).isZero();
  }

  @Test
  void seccomp_a32BitCallFromA64BitImage_endsTheProcess_anImageBuiltFor386MayMakeIt()
      throws Exception {
    assertThat(HostProbe.facts().architecture())
        .as("this test's program is x86-64 machine code")
        .isIn("amd64", "x86_64");
    Path program = bundle.rootfs.resolve("abi32");
    Files.write(program, abi32Program());
    Files.setPosixFilePermissions(
        program, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));

    RuncBundle.Result amd64 = bundle.run(bundle.fixture().command("/abi32").build());
    RuncBundle.Result i386 =
        bundle.run(bundle.fixture().imageArchitecture("386").command("/abi32").build());

    assertThat(amd64.exitCode()).as("killed by SIGSYS: " + amd64).isEqualTo(128 + 31);
    assertThat(i386.exitCode()).as(i386.toString()).isZero();
  }

  /**
   * A static x86-64 program that makes one i386 system call ({@code int 0x80}, getpid) and then
   * exits 0 through the 64-bit one: an ELF header, one loadable segment, 16 bytes of code.
   */
  private static byte[] abi32Program() {
    byte[] code = java.util.HexFormat.of().parseHex("b814000000cd8031ffb83c0000000f05");
    int size = 64 + 56 + code.length;
    java.nio.ByteBuffer elf =
        java.nio.ByteBuffer.allocate(size).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    elf.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0}).put(new byte[8]);
    elf.putShort((short) 2).putShort((short) 0x3e).putInt(1); // executable, x86-64
    elf.putLong(0x400000 + 120).putLong(64).putLong(0).putInt(0); // entry, program headers
    elf.putShort((short) 64).putShort((short) 56).putShort((short) 1);
    elf.putShort((short) 0).putShort((short) 0).putShort((short) 0); // no sections
    elf.putInt(1).putInt(5).putLong(0).putLong(0x400000).putLong(0x400000); // PT_LOAD, r-x
    elf.putLong(size).putLong(size).putLong(0x1000);
    elf.put(code);
    return elf.array();
  }

  @Test
  void seccomp_refusesMount_capSysAdminOpensIt() {
    RuncBundle.Result refused = sh("mount -t tmpfs none /mnt");
    RuncBundle.Result allowed =
        sh(bundle.fixture().capAdd("SYS_ADMIN"), "mount -t tmpfs none /mnt && echo mounted");

    assertThat(refused.exitCode()).as(refused.toString()).isNotZero();
    assertThat(refused.stderr()).containsIgnoringCase("permission denied");
    assertThat(allowed.succeeded().stdout()).isEqualTo("mounted\n");
  }

  @Test
  void clone3AnsweredEnosys_letsGlibcThreadsFallBackToClone_eperm_wouldNot() throws Exception {
    SpecFixture fixture = withHostUsr(bundle.fixture());
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    OciSpec spec = fixture.command(java, "-Xshare:off", "-version").build();
    OciSpec clone3Eperm = withSeccomp(spec, clone3Answered(spec.linux().seccomp(), 1));

    RuncBundle.Result enosys = bundle.run(spec);
    RuncBundle.Result eperm = bundle.run(clone3Eperm);

    // the JVM starts threads through glibc's pthread_create, which tries clone3 first
    assertThat(enosys.succeeded().stderr()).contains("OpenJDK");
    assertThat(eperm.exitCode()).as(eperm.toString()).isNotZero();
    assertThat(eperm.stdout() + eperm.stderr()).contains("pthread_create failed (EPERM)");
  }

  /** The host's /usr bind-mounted read-only, and /lib and /lib64 as the host has them. */
  private SpecFixture withHostUsr(SpecFixture fixture) throws Exception {
    Files.createDirectories(bundle.rootfs.resolve("usr"));
    fixture.mount(MountSpec.bind("/usr", "/usr", true));
    for (String dir : List.of("lib", "lib64")) {
      Path host = Path.of("/", dir);
      if (Files.isSymbolicLink(host)) {
        Files.createSymbolicLink(bundle.rootfs.resolve(dir), Files.readSymbolicLink(host));
      } else if (Files.isDirectory(host)) {
        Files.createDirectories(bundle.rootfs.resolve(dir));
        fixture.mount(MountSpec.bind(host.toString(), "/" + dir, true));
      }
    }
    Path javaHome = Path.of(System.getProperty("java.home")).toRealPath();
    if (!javaHome.startsWith("/usr/")) {
      Files.createDirectories(bundle.rootfs.resolve(javaHome.toString().substring(1)));
      fixture.mount(MountSpec.bind(javaHome.toString(), javaHome.toString(), true));
    }
    return fixture;
  }

  private static OciSeccomp clone3Answered(OciSeccomp seccomp, int errno) {
    List<OciSeccomp.Syscall> rules = new java.util.ArrayList<>();
    for (OciSeccomp.Syscall rule : seccomp.syscalls()) {
      rules.add(
          rule.names().equals(List.of("clone3"))
              ? new OciSeccomp.Syscall(rule.names(), "SCMP_ACT_ERRNO", errno, null)
              : rule);
    }
    return new OciSeccomp(
        seccomp.defaultAction(), seccomp.defaultErrnoRet(), seccomp.architectures(), rules);
  }

  @Test
  void ordinaryPrograms_work() {
    RuncBundle.Result result =
        sh("""
            ls / > /dev/null && cat /etc/passwd | grep -c app && sleep 0.1 \
            && echo $(echo nested) && seq 1 3 | wc -l && (exit 3); echo status=$? \
            && ps -o pid,comm | grep -c ps && date +%Y > /dev/null && echo ok
            """)
            .succeeded();

    assertThat(result.stdout()).isEqualTo("1\nnested\n3\nstatus=3\n1\nok\n");
  }

  @Test
  void rlimits_areTheCeilingOrTheHostsHardLimit() {
    long files = Rlimits.capped(HostProbe.hardLimit("Max open files"));
    long processes = Rlimits.capped(HostProbe.hardLimit("Max processes"));

    RuncBundle.Result result = sh("ulimit -n; ulimit -Hn; ulimit -u").succeeded();

    assertThat(result.stdout()).isEqualTo("%d%n%d%n%d%n".formatted(files, files, processes));
  }

  @Test
  void readOnlyRoot_refusesWrites_aTmpfsIsWritable() {
    RuncBundle.Result result =
        sh(
            bundle.fixture().mount(MountSpec.tmpfs("/tmp", "size=1m")),
            "touch /x; echo root=$?; touch /tmp/x && echo tmp=ok; echo hi >> /etc/hosts; echo"
                + " hosts=$?");

    assertThat(result.stdout()).contains("root=1", "tmp=ok", "hosts=1");
    assertThat(result.stderr()).contains("Read-only file system");
    assertThat(bundle.rootfs.resolve("x")).doesNotExist();
    // runc made the mount points before it remounted the root read-only
    assertThat(bundle.rootfs.resolve("etc/resolv.conf")).exists();
  }

  @Test
  void readOnlyRoot_onAnOverlayWithoutUpperDir_failsToMakeMountPoints_withOneWorks()
      throws Exception {
    Path lower = bundle.rootfs;
    Path overlay = Files.createDirectories(bundle.files.resolveSibling("overlay"));
    Path empty = Files.createDirectories(overlay.resolve("empty"));
    Path upper = Files.createDirectories(overlay.resolve("upper"));
    Path work = Files.createDirectories(overlay.resolve("work"));
    Path merged = Files.createDirectories(overlay.resolve("merged"));
    SpecFixture fixture = bundle.fixture().command("sh", "-c", "touch /x; echo root=$?");
    fixture.rootfs = merged;

    // without an upper dir, overlayfs wants two lower dirs
    Command.of(
            "mount",
            "-t",
            "overlay",
            "overlay",
            "-o",
            "lowerdir=%s:%s".formatted(lower, empty),
            merged.toString())
        .run();
    RuncBundle.Result withoutUpper;
    try {
      withoutUpper = bundle.run(fixture.build());
    } finally {
      Command.of("umount", merged.toString()).run();
    }
    Command.of(
            "mount",
            "-t",
            "overlay",
            "overlay",
            "-o",
            "lowerdir=%s,upperdir=%s,workdir=%s".formatted(lower, upper, work),
            merged.toString())
        .run();
    RuncBundle.Result withUpper;
    try {
      withUpper = bundle.run(fixture.build());
    } finally {
      Command.of("umount", merged.toString()).run();
    }

    assertThat(withoutUpper.exitCode()).as(withoutUpper.toString()).isNotZero();
    assertThat(withoutUpper.stderr()).contains("read-only file system");
    assertThat(withUpper.succeeded().stdout()).isEqualTo("root=1\n");
    assertThat(upper.resolve("etc/hosts")).as("a mount point runc made").exists();
    assertThat(upper.resolve("x")).doesNotExist();
  }

  @Test
  void writableRoot_acceptsWrites_andTheGeneratedFilesToo() {
    RuncBundle.Result result =
        sh(bundle.fixture().writable(), "touch /x && echo 10.0.0.1 db >> /etc/hosts && echo ok");

    assertThat(result.succeeded().stdout()).isEqualTo("ok\n");
    assertThat(bundle.rootfs.resolve("x")).exists();
    assertThat(bundle.files.resolve("hosts")).content().contains("10.0.0.1 db");
  }

  @Test
  void generatedFiles_areWhatTheContainerReads() {
    RuncBundle.Result result = sh("cat /etc/hostname /etc/hosts /etc/resolv.conf").succeeded();

    assertThat(result.stdout())
        .isEqualTo("generated-name\n127.0.0.1\tlocalhost\nnameserver 127.0.0.53\n");
  }

  @Test
  void userBind_readOnly_isReadableNotWritable() throws Exception {
    try (TempDirectory host = TempDirectory.create("berth-bind-")) {
      Files.writeString(host.resolve("data.txt"), "from the host\n");
      Files.setPosixFilePermissions(
          host.path(), java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));

      RuncBundle.Result result =
          sh(
              bundle.fixture().mount(MountSpec.bind(host.path().toString(), "/data", true)),
              "cat /data/data.txt; touch /data/new; echo touch=$?");

      assertThat(result.stdout()).isEqualTo("from the host\ntouch=1\n");
      assertThat(host.resolve("new")).doesNotExist();
    }
  }

  @Test
  void cgroupLimits_appearInTheContainersCgroup() throws Exception {
    OciSpec spec = bundle.fixture().resources(64L << 20, 0.5, 50).command("sleep", "60").build();
    Path out = bundle.files.resolve("../stdout");
    Path err = bundle.files.resolve("../stderr");
    Process runc = bundle.start(spec, out, err);
    try {
      String cgroup = "berth/" + bundle.id;
      Path pidsMax =
          HostProbe.cgroupV2()
              ? HostProbe.CGROUP_ROOT.resolve(cgroup + "/pids.max")
              : HostProbe.CGROUP_ROOT.resolve("pids/" + cgroup + "/pids.max");
      waitFor(() -> bundle.state() != null && bundle.state().contains("\"running\""), runc, err);

      assertThat(Files.readString(pidsMax).strip()).isEqualTo("50");
      if (HostProbe.cgroupV2()) {
        Path dir = HostProbe.CGROUP_ROOT.resolve(cgroup);
        assertThat(Files.readString(dir.resolve("memory.max")).strip()).isEqualTo("67108864");
        assertThat(Files.readString(dir.resolve("memory.swap.max")).strip()).isEqualTo("0");
        assertThat(Files.readString(dir.resolve("cpu.max")).strip()).isEqualTo("50000 100000");
      } else {
        Path memory = HostProbe.CGROUP_ROOT.resolve("memory/" + cgroup);
        assertThat(Files.readString(memory.resolve("memory.limit_in_bytes")).strip())
            .isEqualTo("67108864");
        assertThat(Files.readString(memory.resolve("memory.memsw.limit_in_bytes")).strip())
            .isEqualTo("67108864");
        Path cpu = HostProbe.CGROUP_ROOT.resolve("cpu/" + cgroup);
        assertThat(Files.readString(cpu.resolve("cpu.cfs_quota_us")).strip()).isEqualTo("50000");
        assertThat(Files.readString(cpu.resolve("cpu.cfs_period_us")).strip()).isEqualTo("100000");
      }
    } finally {
      bundle.kill();
      runc.waitFor(30, TimeUnit.SECONDS);
      runc.destroyForcibly();
    }
  }

  @Test
  void pidsLimit_stopsForksBeyondIt() {
    String script = "for i in $(seq 1 20); do sleep 5 & done; echo started; kill $(jobs -p)";

    RuncBundle.Result limited = sh(bundle.fixture().resources(0, 0, 10), script);
    RuncBundle.Result unlimited = sh(bundle.fixture().resources(0, 0, 100), script);

    assertThat(limited.exitCode()).as(limited.toString()).isNotZero();
    assertThat(limited.stderr()).contains("can't fork");
    assertThat(unlimited.succeeded().stdout()).isEqualTo("started\n");
  }

  @Test
  void init_runsTiniAsPid1() {
    String withInit =
        bundle.run(bundle.fixture().init().command("cat", "/proc/1/cmdline").build()).stdout();
    String without =
        bundle.run(bundle.fixture().command("cat", "/proc/1/cmdline").build()).stdout();

    assertThat(withInit.replace('\0', ' ')).isEqualTo("/dev/init -- cat /proc/1/cmdline ");
    assertThat(without.replace('\0', ' ')).isEqualTo("cat /proc/1/cmdline ");
  }

  @Test
  void networkNone_hasOnlyLoopback_up() {
    RuncBundle.Result result =
        sh(
                bundle.fixture().network(ContainerSpec.Network.NONE),
                "tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' '; ip -o link")
            .succeeded();

    List<String> lines = result.stdout().lines().toList();
    assertThat(lines.getFirst()).isEqualTo("lo");
    assertThat(lines).hasSize(2);
    assertThat(lines.get(1)).contains("lo:").contains("UP");
  }

  @Test
  void maskedAndReadOnlyPaths_holdInTheContainer() {
    List<String> present =
        OciSpecBuilder.MASKED_PATHS.stream().filter(p -> Files.exists(Path.of(p))).toList();
    StringBuilder script = new StringBuilder();
    for (String path : present) {
      script.append(
          "if [ -d %1$s ]; then echo %1$s=$(ls -A %1$s | wc -l); else echo %1$s=$(wc -c < %1$s); fi;"
              .formatted(path));
    }
    script.append("grep -E ' /proc/sys ' /proc/self/mounts | cut -d' ' -f4 | cut -d, -f1");

    RuncBundle.Result result = sh(script.toString()).succeeded();

    assertThat(present).as("masked paths this host has").isNotEmpty();
    StringBuilder expected = new StringBuilder();
    present.forEach(p -> expected.append(p).append("=0\n"));
    expected.append("ro\n");
    assertThat(result.stdout()).isEqualTo(expected.toString());
  }

  private static OciSpec withoutSeccomp(OciSpec spec) {
    return withSeccomp(spec, null);
  }

  private static OciSpec withSeccomp(OciSpec spec, OciSeccomp seccomp) {
    OciLinux l = spec.linux();
    OciLinux linux =
        new OciLinux(
            l.namespaces(),
            l.uidMappings(),
            l.gidMappings(),
            l.resources(),
            l.cgroupsPath(),
            seccomp,
            l.maskedPaths(),
            l.readonlyPaths(),
            l.rootfsPropagation());
    return new OciSpec(
        spec.ociVersion(),
        spec.process(),
        spec.root(),
        spec.hostname(),
        spec.mounts(),
        linux,
        spec.annotations());
  }

  private static void waitFor(java.util.function.BooleanSupplier condition, Process runc, Path err)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      if (!runc.isAlive()) {
        throw new AssertionError(
            "runc ended with %d: %s".formatted(runc.exitValue(), Files.readString(err)));
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the container did not start within 20 s");
      }
      Thread.sleep(50);
    }
  }
}
