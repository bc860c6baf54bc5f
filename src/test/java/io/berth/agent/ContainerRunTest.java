package io.berth.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.berth.api.ApiException;
import io.berth.api.CreateContainer;
import io.berth.api.ExitResult;
import io.berth.api.LogQuery;
import io.berth.api.PullProgress;
import io.berth.api.WaitCondition;
import io.berth.spec.Json;
import io.berth.testing.Busybox;
import io.berth.testing.PushedImage;
import io.berth.testing.TestImages;
import io.berth.testing.TestRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Containers run by the engine through the real runc, from images of the real registry. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ContainerRunTest {
  private static TestRegistry registry;
  private static PushedImage busybox;
  private ContainerFixture berth;

  @BeforeAll
  static void startRegistry() {
    registry = TestRegistry.plain();
    busybox =
        TestImages.busybox(
            registry,
            "run/busybox:1",
            Busybox.config().env("FROM_IMAGE", "image").env("SHARED", "image").workingDir("/tmp"));
  }

  @AfterAll
  static void stopRegistry() {
    registry.close();
  }

  @BeforeEach
  void open() {
    berth = new ContainerFixture(registry);
  }

  @AfterEach
  void close() {
    berth.close();
  }

  private CreateContainer.Builder with(String... command) {
    return CreateContainer.builder(busybox.reference()).command(List.of(command));
  }

  @Test
  void run_echo_printsOutputOnItsStreamsAndExitsZero() {
    ContainerFixture.Run run =
        berth.run(with("sh", "-c", "echo out; echo err >&2; printf partial").build());

    assertThat(run.code()).isZero();
    assertThat(run.stdout()).isEqualTo("out\npartial");
    assertThat(run.stderr()).isEqualTo("err\n");
  }

  @Test
  void run_exitCode_isTheContainersOwn() {
    assertThat(berth.run(with("sh", "-c", "exit 3").build()).code()).isEqualTo(3);
    var created = berth.engine.containers().create(with("sleep", "60").build(), PullProgress.NONE);
    berth.engine.containers().start(created.id());
    berth.engine.containers().kill(created.id(), "KILL");
    var killed = berth.engine.containers().await(created.id(), java.time.Duration.ofSeconds(30));
    assertThat(killed.exitCode()).isEqualTo(137);
    assertThat(killed.signal()).isEqualTo("SIGKILL");
  }

  @Test
  void run_commandNotFound_is127AndLeavesNothing() throws Exception {
    Leaks before = Leaks.count(berth.home.root());

    assertThatThrownBy(() -> berth.run(with("no-such-command").build()))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("no-such-command")
        .extracting(e -> ((ApiException) e).kind())
        .isEqualTo(ApiException.Kind.COMMAND_NOT_FOUND);

    assertThat(berth.engine.containers().list(true)).isEmpty();
    assertThat(Leaks.after(berth.home.root(), before))
        .as("%s", Leaks.openFiles())
        .isEqualTo(Leaks.NONE);
    try (var left = Files.list(berth.home.root().resolve("containers"))) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void run_environment_mergesImageAndRequestAndSerialisesStructuredValues() {
    Map<String, JsonNode> env = new LinkedHashMap<>();
    env.put("SHARED", TextNode.valueOf("request"));
    env.put("CONFIG", Json.lenient().createObjectNode().put("foo", "bar"));
    env.put("LIST", Json.lenient().createArrayNode().add(1).add("two"));
    env.put("NUMBER", IntNode.valueOf(7));
    ContainerFixture.Run run = berth.run(with("env").env(env).build());

    assertThat(run.stdout().lines())
        .contains(
            "FROM_IMAGE=image",
            "SHARED=request",
            "CONFIG={\"foo\":\"bar\"}",
            "LIST=[1,\"two\"]",
            "NUMBER=7",
            "HOME=/root")
        .anyMatch(l -> l.startsWith("PATH="))
        .anyMatch(l -> l.startsWith("HOSTNAME="));
  }

  @Test
  void run_userByName_runsAsThatUserWithItsHome() {
    ContainerFixture.Run run = berth.run(with("sh", "-c", "id; echo $HOME").user("app").build());
    assertThat(run.stdout()).contains("uid=1000(app) gid=1000(app)").contains("/home/app");
  }

  @Test
  void run_unknownUser_isRefusedNamingTheUserAndLeavesNothing() throws Exception {
    Leaks before = Leaks.count(berth.home.root());
    assertThatThrownBy(() -> berth.run(with("id").user("nosuchuser").build()))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("nosuchuser")
        .extracting(e -> ((ApiException) e).kind())
        .isEqualTo(ApiException.Kind.BAD_REQUEST);
    assertThat(berth.engine.containers().list(true)).isEmpty();
    assertThat(Leaks.after(berth.home.root(), before)).isEqualTo(Leaks.NONE);
  }

  @Test
  void run_rootfs_isReadOnlyUnlessWritable() {
    ContainerFixture.Run readOnly = berth.run(with("sh", "-c", "touch /x && echo wrote").build());
    assertThat(readOnly.code()).isNotZero();
    assertThat(readOnly.stderr()).contains("Read-only file system");

    ContainerFixture.Run writable =
        berth.run(
            with(
                    "sh",
                    "-c",
                    "touch /x && rm /etc/group && echo changed >> /etc/passwd && echo wrote")
                .writable(true)
                .build());
    assertThat(writable.stdout()).contains("wrote");
    assertThat(berth.engine.containers().changes(writable.id()))
        .extracting(c -> c.kind() + " " + c.path())
        .contains("A /x", "D /etc/group", "C /etc/passwd", "C /etc");
  }

  @Test
  void run_generatedEtcFiles_nameTheHost() {
    ContainerFixture.Run run =
        berth.run(
            with(
                    "sh",
                    "-c",
                    "hostname; cat /etc/hostname; grep web /etc/hosts; test -f /etc/resolv.conf && echo resolv")
                .hostname("web")
                .build());
    assertThat(run.stdout().lines())
        .containsSubsequence("web", "web")
        .anyMatch(l -> l.contains("web") && l.contains("127.0.1.1"))
        .contains("resolv");
  }

  @Test
  void run_workdirAndEntrypoint_replaceTheImagesOwn() {
    assertThat(berth.run(with("sh", "-c", "pwd").build()).stdout()).isEqualTo("/tmp\n");
    assertThat(berth.run(with("sh", "-c", "pwd").workdir("/etc").build()).stdout())
        .isEqualTo("/etc\n");
    assertThat(berth.run(with("hello", "entrypoint").entrypoint(List.of("echo")).build()).stdout())
        .isEqualTo("hello entrypoint\n");
  }

  @Test
  void run_bindMounts_areReadWriteOrReadOnlyAsAsked(@org.junit.jupiter.api.io.TempDir Path host)
      throws Exception {
    Files.writeString(host.resolve("in"), "from host\n");
    Path out = Files.createDirectory(host.resolve("out"));
    ContainerFixture.Run run =
        berth.run(
            with("sh", "-c", "cat /in/in; echo written > /out/file; touch /in/nope || echo refused")
                .mounts(
                    List.of(
                        new CreateContainer.Mount("bind", host.toString(), "/in", true, null),
                        new CreateContainer.Mount("bind", out.toString(), "/out", false, null)))
                .build());
    assertThat(run.stdout()).contains("from host").contains("refused");
    assertThat(Files.readString(out.resolve("file"))).isEqualTo("written\n");
  }

  @Test
  void run_missingBindSource_isRefusedNamingItAndLeavesNothing() throws Exception {
    Leaks before = Leaks.count(berth.home.root());
    assertThatThrownBy(
            () ->
                berth.run(
                    with("true")
                        .mounts(
                            List.of(
                                new CreateContainer.Mount(
                                    "bind", "/no/such/dir", "/data", false, null)))
                        .build()))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("/no/such/dir");
    assertThat(berth.engine.containers().list(true)).isEmpty();
    assertThat(Leaks.after(berth.home.root(), before)).isEqualTo(Leaks.NONE);
  }

  @Test
  void run_tmpfs_isWritableInAReadOnlyRoot() {
    ContainerFixture.Run run =
        berth.run(
            with("sh", "-c", "echo ok > /scratch/f && cat /scratch/f && grep /scratch /proc/mounts")
                .mounts(
                    List.of(new CreateContainer.Mount("tmpfs", null, "/scratch", false, "size=1m")))
                .build());
    assertThat(run.stdout()).startsWith("ok\n").contains("tmpfs /scratch tmpfs");
  }

  @Test
  void run_secureDefaults_noNewPrivilegesSeccompDockersCapabilitiesMaskedPaths() {
    ContainerFixture.Run run =
        berth.run(
            with(
                    "sh",
                    "-c",
                    "grep -E 'NoNewPrivs|Seccomp:|CapEff' /proc/self/status; cat /proc/kcore | wc -c; mount -t tmpfs none /mnt || echo mount-refused")
                .build());
    assertThat(run.stdout())
        .contains("NoNewPrivs:\t1")
        .contains("Seccomp:\t2")
        .contains("CapEff:\t00000000a80425fb")
        .contains("mount-refused");
    assertThat(run.stdout().lines()).contains("0");
  }

  @Test
  void run_capAddAndDrop_changeTheEffectiveSet() {
    ContainerFixture.Run run =
        berth.run(
            with("sh", "-c", "grep CapEff /proc/self/status")
                .capDrop(List.of("ALL"))
                .capAdd(List.of("NET_BIND_SERVICE"))
                .build());
    assertThat(run.stdout()).contains("CapEff:\t0000000000000400");
  }

  @Test
  void run_init_makesTiniProcessOne() {
    ContainerFixture.Run run =
        berth.run(with("sh", "-c", "cat /proc/1/cmdline | tr '\\0' ' '").init(true).build());
    assertThat(run.stdout()).startsWith("/dev/init -- sh");
  }

  @Test
  void run_networkNone_hasOnlyLoopbackAndHostSeesTheHosts() {
    ContainerFixture.Run none =
        berth.run(with("sh", "-c", "cat /proc/net/dev | tail -n +3 | cut -d: -f1").build());
    assertThat(none.stdout().strip()).isEqualTo("lo");
    ContainerFixture.Run host =
        berth.run(
            with("sh", "-c", "cat /proc/net/dev | tail -n +3 | wc -l").network("host").build());
    assertThat(Integer.parseInt(host.stdout().strip())).isGreaterThan(1);
  }

  @Test
  void run_limits_reachTheContainersCgroup() {
    ContainerFixture.Run run =
        berth.run(
            with(
                    "sh",
                    "-c",
                    "cat /sys/fs/cgroup/memory/memory.limit_in_bytes /sys/fs/cgroup/pids/pids.max 2>/dev/null || cat /sys/fs/cgroup/memory.max /sys/fs/cgroup/pids.max")
                .memory(64L << 20)
                .pidsLimit(50)
                .cpus(0.5)
                .build());
    assertThat(run.stdout().lines()).contains(Long.toString(64L << 20), "50");
  }

  @Test
  void run_rlimits_neverExceedTheHostsHardLimits() throws Exception {
    long hostHard =
        Long.parseLong(
            new String(
                    new ProcessBuilder("sh", "-c", "ulimit -Hn")
                        .start()
                        .getInputStream()
                        .readAllBytes())
                .strip());
    ContainerFixture.Run run = berth.run(with("sh", "-c", "ulimit -n; ulimit -Hn").build());
    assertThat(run.stdout().lines()).allMatch(l -> Long.parseLong(l) <= hostHard);
  }

  @Test
  void create_duplicateName_isAConflict() {
    var first =
        berth.engine.containers().create(with("true").name("twin").build(), PullProgress.NONE);
    assertThatThrownBy(
            () ->
                berth
                    .engine
                    .containers()
                    .create(with("true").name("twin").build(), PullProgress.NONE))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("twin")
        .extracting(e -> ((ApiException) e).kind())
        .isEqualTo(ApiException.Kind.CONFLICT);
    berth.engine.containers().remove(first.id(), true);
  }

  @Test
  void run_autoRemove_leavesNoRecordButTheExitCodeIsKnown() {
    ContainerFixture.Run run = berth.run(with("sh", "-c", "exit 5").autoRemove(true).build());
    assertThat(run.code()).isEqualTo(5);
    assertThat(berth.engine.containers().list(true)).isEmpty();
    assertThat(berth.home.root().resolve("logs").resolve(run.id() + ".log")).doesNotExist();
  }

  @Test
  void create_withStart_runsTheContainerInOneStep() {
    var created =
        berth
            .engine
            .containers()
            .create(
                with("sh", "-c", "echo started; exit 4").start(true).build(), PullProgress.NONE);

    assertThat(created.summary().state()).isIn("running", "exited");
    assertThat(created.summary().started()).isNotNull();
    ExitResult exit = berth.engine.containers().await(created.id(), Duration.ofSeconds(30));
    assertThat(exit.exitCode()).isEqualTo(4);
    List<String> lines = new ArrayList<>();
    berth
        .engine
        .containers()
        .logs(created.id(), new LogQuery(false, -1, null, false), l -> lines.add(l.text()));
    assertThat(lines).containsExactly("started");
  }

  @Test
  void run_attached_hearsEveryLineFromTheFirstByte() {
    ContainerFixture.Run run =
        berth.attached(
            with("sh", "-c", "echo first; seq 1 2000; echo err >&2; printf last; exit 7").build());

    assertThat(run.code()).isEqualTo(7);
    assertThat(run.stdout()).startsWith("first\n1\n2\n").endsWith("2000\nlast");
    assertThat(run.stdout().lines()).hasSize(2002);
    assertThat(run.stderr()).isEqualTo("err\n");
    assertThat(berth.engine.containers().inspect(run.id()).summary().exitCode()).isEqualTo(7);
  }

  @Test
  void run_attachedWithAutoRemove_returnsOnceTheContainerIsGone() throws Exception {
    for (int i = 0; i < 5; i++) {
      ContainerFixture.Run run =
          berth.attached(with("sh", "-c", "echo $0; exit 2", "x" + i).autoRemove(true).build());

      assertThat(run.code()).isEqualTo(2);
      assertThat(run.stdout()).isEqualTo("x" + i + "\n");
      assertThat(berth.engine.containers().list(true)).isEmpty();
      assertThat(berth.home.root().resolve("containers").resolve(run.id())).doesNotExist();
    }
  }

  @Test
  void await_notRunning_comesFirstThenRemoved_andRemoveAfterTheEndWorksAtOnce() throws Exception {
    var gone =
        berth
            .engine
            .containers()
            .create(
                with("sh", "-c", "exit 3").autoRemove(true).start(true).build(), PullProgress.NONE);
    var kept =
        berth.engine.containers().create(with("true").start(true).build(), PullProgress.NONE);

    ExitResult ended = berth.engine.containers().await(gone.id(), Duration.ofSeconds(30));
    ExitResult removed =
        berth.engine.containers().await(gone.id(), Duration.ofSeconds(30), WaitCondition.REMOVED);
    berth.engine.containers().await(kept.id(), Duration.ofSeconds(30));
    berth.engine.containers().remove(kept.id(), false); // its teardown may still be under way

    assertThat(ended.exitCode()).isEqualTo(3);
    assertThat(removed.exitCode()).isEqualTo(3);
    assertThat(berth.engine.containers().list(true)).isEmpty();
    assertThat(
            berth
                .engine
                .containers()
                .await(kept.id(), Duration.ofSeconds(1), WaitCondition.REMOVED))
        .isEqualTo(new ExitResult(0, null));
  }

  @Test
  void await_removed_ofAKeptContainer_endsWithItsRemoval() throws Exception {
    var kept =
        berth.engine.containers().create(with("true").start(true).build(), PullProgress.NONE);
    berth.engine.containers().await(kept.id(), Duration.ofSeconds(30));

    assertThatThrownBy(
            () ->
                berth
                    .engine
                    .containers()
                    .await(kept.id(), Duration.ofMillis(300), WaitCondition.REMOVED))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("not removed after");
    var waiter =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () ->
                berth
                    .engine
                    .containers()
                    .await(kept.id(), Duration.ofSeconds(30), WaitCondition.REMOVED));
    Thread.sleep(300);
    berth.engine.containers().remove(kept.id(), false);
    assertThat(waiter.get(30, TimeUnit.SECONDS).exitCode()).isZero();
  }

  @Test
  void run_manyContainers_leakNothing() throws Exception {
    berth.run(with("true").autoRemove(true).build()); // warm up classes, pools and the event loop
    Leaks before = Leaks.count(berth.home.root());
    for (int i = 0; i < 200; i++) {
      ContainerFixture.Run run =
          berth.run(with("sh", "-c", "echo $0", Integer.toString(i)).autoRemove(true).build());
      assertThat(run.code()).isZero();
    }
    assertThat(Leaks.after(berth.home.root(), before)).isEqualTo(Leaks.NONE);
    assertThat(berth.engine.containers().list(true)).isEmpty();
  }
}
