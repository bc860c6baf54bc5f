package io.berth.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.berth.api.ApiException;
import io.berth.api.ContainerDetails;
import io.berth.api.CreateContainer;
import io.berth.api.ExecRequest;
import io.berth.api.ExitResult;
import io.berth.api.LogLine;
import io.berth.api.LogQuery;
import io.berth.api.PullProgress;
import io.berth.testing.Busybox;
import io.berth.testing.PushedImage;
import io.berth.testing.TestImages;
import io.berth.testing.TestRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Stopping, signalling, exec'ing into, reading and removing running containers. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ContainerControlTest {
  private static TestRegistry registry;
  private static PushedImage busybox;
  private ContainerFixture berth;

  @BeforeAll
  static void startRegistry() {
    registry = TestRegistry.plain();
    busybox = TestImages.busybox(registry, "control/busybox:1", Busybox.config());
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
    for (var c : berth.engine.containers().list(true)) {
      berth.engine.containers().remove(c.id(), true);
    }
    berth.close();
  }

  private String started(String script) {
    return started(script(script));
  }

  private CreateContainer.Builder script(String script) {
    return CreateContainer.builder(busybox.reference()).command(List.of("sh", "-c", script));
  }

  private String started(CreateContainer.Builder request) {
    ContainerDetails created = berth.engine.containers().create(request.build(), PullProgress.NONE);
    berth.engine.containers().start(created.id());
    return created.id();
  }

  private List<String> lines(String id) {
    List<String> lines = new ArrayList<>();
    berth.engine.containers().logs(id, LogQuery.ALL, l -> lines.add(l.text()));
    return lines;
  }

  /** Waits until the container printed {@code text}: its trap is installed, say. */
  private void printed(String id, String text) {
    await().atMost(Duration.ofSeconds(20)).until(() -> lines(id).contains(text));
  }

  @Test
  void stop_processHandlingTerm_exitsOnItsOwn() {
    String id = started("trap 'echo bye; exit 0' TERM; echo ready; while true; do sleep 0.1; done");
    printed(id, "ready");

    ContainerDetails stopped = berth.engine.containers().stop(id, Duration.ofSeconds(10), false);

    assertThat(stopped.summary().state()).isEqualTo("exited");
    assertThat(stopped.summary().exitCode()).isZero();
    assertThat(lines(id)).contains("bye");
  }

  @Test
  void stop_processIgnoringTerm_isKilledAfterTheTimeout() {
    String id = started("trap '' TERM; echo ready; while true; do sleep 0.1; done");
    printed(id, "ready");
    long start = System.nanoTime();

    ContainerDetails stopped = berth.engine.containers().stop(id, Duration.ofSeconds(1), false);

    assertThat(stopped.summary().exitCode()).isEqualTo(137);
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void stop_negativeTimeout_killsAtOnce() {
    String id = started("trap 'echo bye' TERM; echo ready; while true; do sleep 0.1; done");
    printed(id, "ready");

    ContainerDetails stopped = berth.engine.containers().stop(id, Duration.ofSeconds(-1), false);

    assertThat(stopped.summary().exitCode()).isEqualTo(137);
    assertThat(lines(id)).doesNotContain("bye");
  }

  @Test
  void stop_noKill_signalsAndNeverKills() throws Exception {
    String id = started("trap 'echo got-term' TERM; echo ready; while true; do sleep 0.1; done");
    printed(id, "ready");

    berth.engine.containers().stop(id, Duration.ofMillis(100), true);
    printed(id, "got-term");
    Thread.sleep(500);

    assertThat(berth.engine.containers().inspect(id).summary().state()).isEqualTo("running");
  }

  @Test
  void kill_signal_reachesTheProcess() {
    String id = started("trap 'echo hup' HUP; echo ready; while true; do sleep 0.1; done");
    printed(id, "ready");

    berth.engine.containers().kill(id, "SIGHUP");

    printed(id, "hup");
    assertThatThrownBy(() -> berth.engine.containers().kill(id, "SIGNOPE"))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("SIGNOPE");
  }

  @Test
  void exec_command_runsInTheContainerWithItsOwnOutputAndCode() {
    String id = started("echo ready; sleep 60");
    printed(id, "ready");
    List<LogLine> output = Collections.synchronizedList(new ArrayList<>());

    ExitResult result =
        berth
            .engine
            .containers()
            .exec(
                id,
                new ExecRequest(
                    List.of("sh", "-c", "id -u; echo $EXTRA; pwd; hostname; echo oops >&2; exit 7"),
                    Map.of("EXTRA", "given"),
                    "app",
                    "/tmp"),
                output::add);

    assertThat(result.exitCode()).isEqualTo(7);
    assertThat(output)
        .filteredOn(l -> l.stream().equals("stdout"))
        .extracting(LogLine::text)
        .containsExactly("1000", "given", "/tmp", id.substring(0, 12));
    assertThat(output)
        .filteredOn(l -> l.stream().equals("stderr"))
        .extracting(LogLine::text)
        .containsExactly("oops");
  }

  @Test
  void exec_commandNotFound_is127() {
    String id = started("echo ready; sleep 60");
    printed(id, "ready");
    assertThatThrownBy(
            () ->
                berth
                    .engine
                    .containers()
                    .exec(id, new ExecRequest(List.of("nope"), null, null, null), l -> {}))
        .isInstanceOf(ApiException.class)
        .extracting(e -> ((ApiException) e).kind())
        .isEqualTo(ApiException.Kind.COMMAND_NOT_FOUND);
  }

  @Test
  void exec_stoppedContainer_isAConflict() {
    String id = started("exit 0");
    berth.engine.containers().await(id, Duration.ofSeconds(30));
    assertThatThrownBy(
            () ->
                berth
                    .engine
                    .containers()
                    .exec(id, new ExecRequest(List.of("true"), null, null, null), l -> {}))
        .isInstanceOf(ApiException.class)
        .extracting(e -> ((ApiException) e).kind())
        .isEqualTo(ApiException.Kind.CONFLICT);
  }

  @Test
  void logs_tailSinceAndFollow() throws Exception {
    String id =
        started(
            "for i in 1 2 3 4 5; do echo line$i; done; sleep 1; echo late; sleep 0.5; echo last");
    printed(id, "line5");
    Instant afterFirstBurst = Instant.now();

    List<String> tail = new ArrayList<>();
    berth
        .engine
        .containers()
        .logs(id, new LogQuery(false, 2, null, false), l -> tail.add(l.text()));
    assertThat(tail).containsExactly("line4", "line5");

    List<String> followed = Collections.synchronizedList(new ArrayList<>());
    Thread follower =
        Thread.ofVirtual()
            .start(
                () ->
                    berth
                        .engine
                        .containers()
                        .logs(id, new LogQuery(true, 0, null, false), l -> followed.add(l.text())));
    berth.engine.containers().await(id, Duration.ofSeconds(30));
    follower.join(Duration.ofSeconds(10));
    assertThat(follower.isAlive()).as("follow ends with the container").isFalse();
    assertThat(followed).containsExactly("late", "last");

    List<String> since = new ArrayList<>();
    berth
        .engine
        .containers()
        .logs(id, new LogQuery(false, -1, afterFirstBurst, false), l -> since.add(l.text()));
    assertThat(since).containsExactly("late", "last");
  }

  @Test
  void stats_runningContainer_reportsItsCgroup() {
    String id = started(script("echo ready; sleep 60").memory(32L << 20).pidsLimit(20));
    printed(id, "ready");

    var stats = berth.engine.containers().stats(id);

    assertThat(stats.memoryLimitBytes()).isEqualTo(32L << 20);
    assertThat(stats.memoryBytes()).isPositive();
    assertThat(stats.pids()).isBetween(1L, 20L);
    assertThat(stats.pidsLimit()).isEqualTo(20);
    assertThat(stats.cpuNanos()).isPositive();
  }

  @Test
  void remove_running_needsForce() {
    String id = started("echo ready; sleep 60");
    printed(id, "ready");

    assertThatThrownBy(() -> berth.engine.containers().remove(id, false))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("--force");
    berth.engine.containers().remove(id, true);

    assertThatThrownBy(() -> berth.engine.containers().inspect(id))
        .isInstanceOf(ApiException.class)
        .extracting(e -> ((ApiException) e).kind())
        .isEqualTo(ApiException.Kind.NOT_FOUND);
    assertThat(berth.home.root().resolve("containers").resolve(id)).doesNotExist();
  }

  private String permanent(String restart, String script) {
    return started(script(script).restart(restart));
  }

  private long runs(String id) {
    return lines(id).stream().filter("run"::equals).count();
  }

  @Test
  void restartAlways_restartsTheSameContainer_untilItIsStopped() throws Exception {
    String id = permanent("always", "echo run; echo $HOSTNAME; exit 3");

    await().atMost(Duration.ofSeconds(30)).until(() -> runs(id) >= 3);
    // the same container: its id, its hostname (the short id), its log
    assertThat(lines(id)).contains(id.substring(0, 12));
    berth.engine.containers().stop(id, Duration.ofSeconds(5), false);
    long afterStop = runs(id);
    Thread.sleep(2000); // past the longest wait a few quick ends make (0.1 s doubling)

    assertThat(runs(id)).isEqualTo(afterStop);
    ContainerDetails stopped = berth.engine.containers().inspect(id);
    assertThat(stopped.summary().state()).isEqualTo("exited");
    berth.engine.containers().remove(id, false);
    assertThat(berth.home.root().resolve("containers").resolve(id)).doesNotExist();
  }

  @Test
  void restartOnFailureN_stopsAfterNRestarts_andNotAfterSuccess() throws Exception {
    String failing = permanent("on-failure:2", "echo run; exit 1");
    String succeeding = permanent("on-failure", "echo run; exit 0");

    await().atMost(Duration.ofSeconds(30)).until(() -> runs(failing) == 3);
    Thread.sleep(2000);

    assertThat(runs(failing)).isEqualTo(3); // the run and two restarts
    assertThat(berth.engine.containers().inspect(failing).summary().exitCode()).isEqualTo(1);
    assertThat(runs(succeeding)).isEqualTo(1);
    berth.engine.containers().remove(failing, false);
    berth.engine.containers().remove(succeeding, false);
  }

  @Test
  void restart_badPolicy_orWithAutoRemove_isRefused() {
    assertThatThrownBy(
            () -> CreateContainer.builder(busybox.reference()).restart("sometimes").build())
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("'sometimes' is not a policy");
    assertThatThrownBy(
            () ->
                CreateContainer.builder(busybox.reference())
                    .restart("always")
                    .autoRemove(true)
                    .build())
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("restart or autoRemove");
  }

  @Test
  void remove_created_needsNoForce_andLeavesNothing() {
    ContainerDetails created =
        berth
            .engine
            .containers()
            .create(
                CreateContainer.builder(busybox.reference()).command(List.of("true")).build(),
                PullProgress.NONE);

    berth.engine.containers().remove(created.id(), false);

    assertThatThrownBy(() -> berth.engine.containers().inspect(created.id()))
        .isInstanceOf(ApiException.class)
        .extracting(e -> ((ApiException) e).kind())
        .isEqualTo(ApiException.Kind.NOT_FOUND);
    assertThat(berth.home.root().resolve("containers").resolve(created.id())).doesNotExist();
  }

  @Test
  void logs_rotate_keepingABoundedNumberOfFiles() throws Exception {
    // 10 MiB per file by default; write 25 MiB of lines and see rotation at work
    String id = started("i=0; while [ $i -lt 26000 ]; do printf '%01000d\\n' $i; i=$((i+1)); done");
    berth.engine.containers().await(id, Duration.ofSeconds(60));
    var logs = berth.home.root().resolve("logs");
    assertThat(logs.resolve(id + ".log")).exists();
    assertThat(logs.resolve(id + ".log.1")).exists();
    assertThat(logs.resolve(id + ".log.2")).exists();
    assertThat(logs.resolve(id + ".log.4")).doesNotExist();
    List<String> tail = new ArrayList<>();
    berth
        .engine
        .containers()
        .logs(id, new LogQuery(false, 1, null, false), l -> tail.add(l.text()));
    assertThat(tail).containsExactly(String.format("%01000d", 25999));
  }
}
