package io.berth.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.berth.api.ApiException.Kind;
import io.berth.api.LayerProgress.Phase;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What the API does, whoever serves it. Each runner gives the same {@link FakeBerth} either
 * directly (in-process) or behind the HTTP server and {@code RemoteBerth}: every scenario must pass
 * both ways, so a caller cannot tell where berth runs.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class ApiContract {
  protected FakeBerth fake;
  protected Berth berth;

  /** The API under test, served by {@code fake}. */
  abstract Berth serve(FakeBerth fake) throws Exception;

  @BeforeEach
  void openBerth() throws Exception {
    fake = new FakeBerth();
    berth = serve(fake);
  }

  @AfterEach
  void closeBerth() {
    berth.close();
  }

  // --- discovery

  @Test
  void discovery_listsEveryInstance_orOneServices() {
    ServiceInstance web =
        new ServiceInstance(
            "web-h1", "web", "10.0.0.1", 8080, List.of("http"), java.util.Map.of("zone", "a"));
    ServiceInstance db = new ServiceInstance("db-h1", "db", "10.0.0.2", 5432, null, null);
    fake.discovery().add(web);
    fake.discovery().add(db);

    assertThat(berth.discovery().list()).containsExactly(web, db);
    assertThat(berth.discovery().list("web")).containsExactly(web);
    assertThat(berth.discovery().list("nothing")).isEmpty();
  }

  // --- images

  @Test
  void pull_reportsEachLayerThenTheResult() {
    List<LayerProgress> progress = new CopyOnWriteArrayList<>();

    PullResult first = berth.images().pull(PullRequest.of("busybox"), progress::add);
    PullResult second = berth.images().pull(PullRequest.of("busybox"), PullProgress.NONE);

    assertThat(progress)
        .extracting(LayerProgress::phase)
        .containsExactly(Phase.WAITING, Phase.PULLING, Phase.DONE, Phase.EXISTS);
    assertThat(progress.get(1).bytes()).isEqualTo(50);
    assertThat(first.reference()).isEqualTo("busybox:latest");
    assertThat(first.updated()).isTrue();
    assertThat(second.updated()).isFalse();
    assertThat(second.digest()).isEqualTo(first.digest());
  }

  @Test
  void pull_progress_arrivesBeforeThePullEnds() throws Exception {
    Gate gate = fake.images().holdNextPull();
    CountDownLatch firstProgress = new CountDownLatch(1);

    CompletableFuture<PullResult> pull =
        CompletableFuture.supplyAsync(
            () ->
                berth.images().pull(PullRequest.of("alpine"), update -> firstProgress.countDown()));

    assertThat(firstProgress.await(10, TimeUnit.SECONDS)).as("progress while pulling").isTrue();
    assertThat(pull).as("the pull is held at the gate").isNotDone();
    gate.open();
    assertThat(pull.get(10, TimeUnit.SECONDS).reference()).isEqualTo("alpine:latest");
  }

  @Test
  void pull_withPlatform_passesItOn() {
    PullResult result =
        berth.images().pull(new PullRequest("busybox", "linux/arm64", false), PullProgress.NONE);

    assertThat(result.platform()).isEqualTo("linux/arm64");
  }

  @Test
  void list_showsPulledImages() {
    berth.images().pull(PullRequest.of("busybox"), PullProgress.NONE);
    berth.images().pull(PullRequest.of("alpine:3"), PullProgress.NONE);

    assertThat(berth.images().list())
        .flatExtracting(ImageSummary::references)
        .containsExactly("alpine:3", "busybox:latest");
  }

  @Test
  void inspect_referenceWithSlashesAndColons_findsIt() {
    String reference = "registry.example:5000/team/app:v2";
    PullResult pulled = berth.images().pull(PullRequest.of(reference), PullProgress.NONE);

    ImageDetails byReference = berth.images().inspect(reference);
    ImageDetails byIdPrefix = berth.images().inspect(pulled.id().substring(7, 19));

    assertThat(byReference.image().references()).containsExactly(reference);
    assertThat(byReference.layers()).hasSize(1);
    assertThat(byReference.config().get("architecture").asText()).isEqualTo("amd64");
    assertThat(byIdPrefix).isEqualTo(byReference);
  }

  @Test
  void inspect_nameWithOddCharacters_travelsIntact() {
    assertThatThrownBy(() -> berth.images().inspect("a b/c%d?e#f&g=h"))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND);
              assertThat(e).hasMessage("no image 'a b/c%d?e#f&g=h' on this host");
            });
  }

  @Test
  void inspect_unknownImage_isNotFound() {
    assertThatThrownBy(() -> berth.images().inspect("nothing"))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND);
              assertThat(e).hasMessage("no image 'nothing' on this host");
            });
  }

  @Test
  void remove_imageInUse_isConflictUnlessForced() {
    berth.containers().create(CreateContainer.of("busybox", List.of("sh")), PullProgress.NONE);

    assertThatThrownBy(() -> berth.images().remove("busybox", false))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CONFLICT));
    RemoveResult removed = berth.images().remove("busybox", true);

    assertThat(removed.untagged()).containsExactly("busybox:latest");
    assertThat(removed.deleted()).hasSize(1);
    assertThat(berth.images().list()).isEmpty();
  }

  @Test
  void prune_removesWhatNoContainerUses() {
    berth.images().pull(PullRequest.of("alpine"), PullProgress.NONE);
    berth.containers().create(CreateContainer.of("busybox", List.of("sh")), PullProgress.NONE);

    PruneResult pruned = berth.images().prune();

    assertThat(pruned).isEqualTo(new PruneResult(1, 2, 2, 110));
    assertThat(berth.images().list())
        .flatExtracting(ImageSummary::references)
        .containsExactly("busybox:latest");
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void everyKind_beforeAStreamBegins_arrivesWithItsMessage(Kind kind) {
    assertFailsWith(
        kind,
        "pull fail/" + kind.slug() + ": the fake fails with " + kind,
        () -> berth.images().pull(PullRequest.of("fail/" + kind.slug()), PullProgress.NONE));
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void everyKind_inTheMiddleOfAStream_arrivesWithItsMessage(Kind kind) {
    List<LayerProgress> progress = new CopyOnWriteArrayList<>();

    assertFailsWith(
        kind,
        "pull fail-late/" + kind.slug() + ": the fake fails with " + kind,
        () -> berth.images().pull(PullRequest.of("fail-late/" + kind.slug()), progress::add));
    assertThat(progress).hasSize(1);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void everyKind_ofAPlainCall_arrivesWithItsMessage(Kind kind) {
    assertFailsWith(
        kind,
        "inspect fail/" + kind.slug() + ": the fake fails with " + kind,
        () -> berth.images().inspect("fail/" + kind.slug()));
    assertFailsWith(
        kind,
        "inspect fail/" + kind.slug() + ": the fake fails with " + kind,
        () -> berth.containers().inspect("fail/" + kind.slug()));
  }

  // --- containers

  @Test
  void create_absentImage_pullsItWithProgress() {
    List<LayerProgress> progress = new CopyOnWriteArrayList<>();

    ContainerDetails created =
        berth
            .containers()
            .create(CreateContainer.of("busybox", List.of("sleep", "9")), progress::add);

    assertThat(progress).extracting(LayerProgress::phase).contains(Phase.PULLING, Phase.DONE);
    assertThat(created.summary().state()).isEqualTo("created");
    assertThat(created.args()).containsExactly("sleep", "9");
    assertThat(berth.images().list()).hasSize(1);
  }

  @Test
  void create_everyFieldOfTheRequest_reachesTheImplementation() {
    berth.images().pull(PullRequest.of("busybox"), PullProgress.NONE);
    CreateContainer request =
        new CreateContainer(
            "busybox",
            "web",
            List.of("/bin/sh", "-c"),
            List.of("httpd -f"),
            java.util.Map.of(
                "PLAIN",
                com.fasterxml.jackson.databind.node.TextNode.valueOf("x"),
                "JSON",
                com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
                    .objectNode()
                    .put("port", 80)),
            List.of(new CreateContainer.Mount("bind", "/srv", "/www", true, null)),
            "1000:1000",
            List.of("NET_BIND_SERVICE"),
            List.of("CHOWN"),
            true,
            "web.local",
            "/www",
            true,
            64L << 20,
            1.5,
            100,
            "host",
            false,
            false,
            "linux/amd64",
            false,
            java.util.Map.of("tier", "front"),
            null,
            null,
            null,
            null);

    ContainerDetails created = berth.containers().create(request, PullProgress.NONE);

    assertThat(created.hostname()).isEqualTo("web.local");
    assertThat(created.mounts()).isEqualTo(request.mounts());
    assertThat(created.labels()).isEqualTo(request.labels());
    assertThat(berth.containers().stats("web").memoryLimitBytes()).isEqualTo(64L << 20);
    assertThat(berth.containers().changes("web")).contains(new Change("A", "/tmp/new"));
  }

  @Test
  void create_takenName_isConflict() {
    berth.containers().create(named("web"), PullProgress.NONE);

    assertFailsWith(
        Kind.CONFLICT,
        "the name 'web' is taken",
        () -> berth.containers().create(named("web"), PullProgress.NONE));
  }

  @Test
  void lifecycle_createStartStopWaitRemove() {
    ContainerDetails created = berth.containers().create(named("web"), PullProgress.NONE);

    ContainerDetails started = berth.containers().start("web");
    List<ContainerSummary> running = berth.containers().list(false);
    ContainerDetails stopped = berth.containers().stop("web", Duration.ofMillis(1500), true);
    ExitResult exit = berth.containers().await("web", Duration.ofSeconds(5));
    List<ContainerSummary> afterStop = berth.containers().list(false);
    List<ContainerSummary> all = berth.containers().list(true);
    berth.containers().remove(created.id().substring(0, 12), false);

    assertThat(started.summary().state()).isEqualTo("running");
    assertThat(running).extracting(ContainerSummary::name).containsExactly("web");
    assertThat(stopped.summary().exitCode()).isEqualTo(143);
    assertThat(exit).isEqualTo(new ExitResult(143, "SIG15"));
    assertThat(afterStop).isEmpty();
    assertThat(all).extracting(ContainerSummary::state).containsExactly("exited");
    assertThat(berth.containers().list(true)).isEmpty();
    assertThat(fake.containers().calls())
        .contains("stop(web, PT1.5S, true)", "await(web, PT5S)", "list(true)");
  }

  @Test
  void create_withStart_answersWithTheContainerRunning() {
    ContainerDetails created =
        berth
            .containers()
            .create(
                CreateContainer.builder("busybox").name("web").start(true).build(),
                PullProgress.NONE);

    assertThat(created.summary().state()).isEqualTo("running");
    assertThat(berth.containers().list(false))
        .extracting(ContainerSummary::name)
        .containsExactly("web");
    assertThat(fake.containers().calls()).doesNotContain("start(web)");
  }

  @Test
  void run_streamsTheContainerThenItsOutputThenHowItEnded() throws Exception {
    BlockingQueue<ContainerSummary> started = new LinkedBlockingQueue<>();
    List<String> seen = new CopyOnWriteArrayList<>();
    CompletableFuture<ExitResult> run =
        CompletableFuture.supplyAsync(
            () ->
                berth
                    .containers()
                    .run(
                        CreateContainer.builder("busybox").name("web").build(),
                        new RunWatcher() {
                          @Override
                          public void update(LayerProgress update) {
                            seen.add("progress " + update.phase());
                          }

                          @Override
                          public void started(ContainerSummary container) {
                            seen.add("started " + container.name() + " " + container.state());
                            started.add(container);
                          }

                          @Override
                          public void line(LogLine line) {
                            seen.add(line.stream() + " " + line.text());
                          }
                        }));

    ContainerSummary web = started.poll(10, TimeUnit.SECONDS);
    assertThat(web).isNotNull();
    fake.containers().emit(web.id(), "stdout", "hello");
    fake.containers().emit(web.id(), "stderr", "oops");
    fake.containers().exit(web.id(), 3);

    assertThat(run.get(10, TimeUnit.SECONDS)).isEqualTo(new ExitResult(3, null));
    assertThat(seen)
        .containsSubsequence(
            "progress PULLING", "started web running", "stdout hello", "stderr oops");
    assertThat(berth.containers().inspect("web").summary().state()).isEqualTo("exited");
  }

  @Test
  void run_autoRemove_endsOnceTheContainerIsGone() throws Exception {
    BlockingQueue<String> started = new LinkedBlockingQueue<>();
    CompletableFuture<ExitResult> run =
        CompletableFuture.supplyAsync(
            () ->
                berth
                    .containers()
                    .run(
                        CreateContainer.builder("busybox").autoRemove(true).build(),
                        new RunWatcher() {
                          @Override
                          public void update(LayerProgress update) {}

                          @Override
                          public void started(ContainerSummary container) {
                            started.add(container.id());
                          }

                          @Override
                          public void line(LogLine line) {}
                        }));
    String id = started.poll(10, TimeUnit.SECONDS);
    fake.containers().exit(id, 0);

    assertThat(run.get(10, TimeUnit.SECONDS).exitCode()).isZero();
    assertThat(berth.containers().list(true)).isEmpty();
  }

  @Test
  void await_removed_waitsUntilTheContainerIsRemoved() throws Exception {
    ContainerDetails web = berth.containers().create(named("web"), PullProgress.NONE);
    berth.containers().start("web");
    CompletableFuture<ExitResult> removed =
        CompletableFuture.supplyAsync(
            () ->
                berth.containers().await(web.id(), Duration.ofSeconds(20), WaitCondition.REMOVED));

    fake.containers().exit(web.id(), 2);
    ExitResult exited = berth.containers().await(web.id(), Duration.ofSeconds(10));
    Thread.sleep(200);
    assertThat(removed).isNotDone();
    berth.containers().remove(web.id(), false);

    assertThat(exited.exitCode()).isEqualTo(2);
    assertThat(removed.get(10, TimeUnit.SECONDS).exitCode()).isEqualTo(2);
    assertThat(fake.containers().calls())
        .contains("await(" + web.id() + ", PT20S, REMOVED)", "await(" + web.id() + ", PT10S)");
  }

  @Test
  void stopKillAndWait_withoutOptions_leaveTheDefaultsToTheImplementation() {
    berth.containers().create(named("web"), PullProgress.NONE);
    berth.containers().start("web");

    berth.containers().kill("web", null);
    berth.containers().stop("web", null, false);
    berth.containers().await("web", null);

    assertThat(fake.containers().calls())
        .contains("kill(web, null)", "stop(web, null, false)", "await(web, null)");
  }

  @Test
  void stop_negativeTimeout_killsAtOnce() {
    berth.containers().create(named("web"), PullProgress.NONE);
    berth.containers().start("web");

    ContainerDetails stopped = berth.containers().stop("web", Duration.ofSeconds(-1), false);

    assertThat(stopped.summary().exitCode()).isEqualTo(137);
    assertThat(fake.containers().calls()).contains("stop(web, PT-1S, false)");
  }

  @Test
  void kill_passesTheSignal_andAStoppedContainerIsConflict() {
    berth.containers().create(named("web"), PullProgress.NONE);
    berth.containers().start("web");

    berth.containers().kill("web", "SIGHUP");
    berth.containers().stop("web", Duration.ZERO, false);

    assertThat(fake.containers().calls()).contains("kill(web, SIGHUP)");
    assertFailsWith(
        Kind.CONFLICT, "container web is not running", () -> berth.containers().kill("web", "9"));
  }

  @Test
  void await_runningPastTheTimeout_givesTheImplementationsAnswer() {
    berth.containers().create(named("web"), PullProgress.NONE);
    berth.containers().start("web");

    assertFailsWith(
        Kind.CONFLICT,
        "container web is still running after PT0.2S",
        () -> berth.containers().await("web", Duration.ofMillis(200)));
  }

  @Test
  void remove_running_isConflictUnlessForced() {
    berth.containers().create(named("web"), PullProgress.NONE);
    berth.containers().start("web");

    assertFailsWith(
        Kind.CONFLICT,
        "container web is running; stop it first or force the removal",
        () -> berth.containers().remove("web", false));
    berth.containers().remove("web", true);

    assertFailsWith(Kind.NOT_FOUND, "no container 'web'", () -> berth.containers().inspect("web"));
  }

  @Test
  void logs_tailAndSince_chooseTheLines() throws Exception {
    ContainerDetails web = berth.containers().create(named("web"), PullProgress.NONE);
    fake.containers().emit(web.id(), "stdout", "one");
    Thread.sleep(5);
    java.time.Instant between = java.time.Instant.now();
    Thread.sleep(5);
    fake.containers().emit(web.id(), "stderr", "two");
    fake.containers().emit(web.id(), "stdout", "three ünïcödé");

    List<LogLine> all = logs("web", LogQuery.ALL);
    List<LogLine> tail = logs("web", new LogQuery(false, 1, null, true));
    List<LogLine> since = logs("web", new LogQuery(false, -1, between, false));

    assertThat(all).extracting(LogLine::text).containsExactly("one", "two", "three ünïcödé");
    assertThat(all).extracting(LogLine::stream).containsExactly("stdout", "stderr", "stdout");
    assertThat(tail).containsExactly(all.get(2));
    assertThat(since).containsExactly(all.get(1), all.get(2));
  }

  @Test
  void logs_follow_deliversLinesAsTheyAreWritten() throws Exception {
    ContainerDetails web = berth.containers().create(named("web"), PullProgress.NONE);
    berth.containers().start("web");
    fake.containers().emit(web.id(), "stdout", "before");
    BlockingQueue<String> seen = new LinkedBlockingQueue<>();

    CompletableFuture<Void> follow =
        CompletableFuture.runAsync(
            () ->
                berth
                    .containers()
                    .logs("web", new LogQuery(true, -1, null, false), l -> seen.add(l.text())));

    assertThat(seen.poll(10, TimeUnit.SECONDS)).isEqualTo("before");
    fake.containers().emit(web.id(), "stdout", "during");
    assertThat(seen.poll(10, TimeUnit.SECONDS)).isEqualTo("during");
    assertThat(follow).isNotDone();
    fake.containers().exit(web.id(), 0);
    follow.get(10, TimeUnit.SECONDS);
    assertThat(fake.containers().followEnds()).containsExactly("returned");
  }

  @Test
  void logs_follow_readerThatGivesUp_endsTheFollowWithItsOwnException() {
    ContainerDetails web = berth.containers().create(named("web"), PullProgress.NONE);
    berth.containers().start("web");
    fake.containers().emit(web.id(), "stdout", "one");

    assertThatThrownBy(
            () ->
                berth
                    .containers()
                    .logs(
                        "web",
                        new LogQuery(true, -1, null, false),
                        line -> {
                          throw new IllegalStateException("enough after " + line.text());
                        }))
        .isExactlyInstanceOf(IllegalStateException.class)
        .hasMessage("enough after one");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(fake.containers().followEnds())
                    .singleElement()
                    .asString()
                    .matches("sink failed: .*|interrupted"));
  }

  @Test
  void exec_streamsOutputThenTheExitCode() {
    berth.containers().create(named("web"), PullProgress.NONE);
    berth.containers().start("web");
    List<LogLine> output = new CopyOnWriteArrayList<>();

    ExitResult ok =
        berth
            .containers()
            .exec("web", new ExecRequest(List.of("echo", "a", "b"), null, null, null), output::add);
    ExitResult failed =
        berth
            .containers()
            .exec("web", new ExecRequest(List.of("false"), null, null, null), output::add);

    assertThat(ok).isEqualTo(new ExitResult(0, null));
    assertThat(failed).isEqualTo(new ExitResult(1, null));
    assertThat(output).extracting(LogLine::text).containsExactly("a", "b", "failed");
    assertThat(output.get(2).partial()).isTrue();
  }

  @Test
  void exec_stoppedContainer_isConflict() {
    berth.containers().create(named("web"), PullProgress.NONE);

    assertFailsWith(
        Kind.CONFLICT,
        "container web is not running",
        () ->
            berth
                .containers()
                .exec("web", new ExecRequest(List.of("ls"), null, null, null), l -> {}));
  }

  @Test
  void inspect_container_byNameAndIdPrefix() {
    ContainerDetails created = berth.containers().create(named("web"), PullProgress.NONE);

    assertThat(berth.containers().inspect("web")).isEqualTo(created);
    assertThat(berth.containers().inspect(created.id().substring(0, 6))).isEqualTo(created);
  }

  @Test
  void changes_readOnlyContainer_isBadRequest() {
    berth.containers().create(named("web"), PullProgress.NONE);

    assertFailsWith(
        Kind.BAD_REQUEST,
        "container web has a read-only rootfs",
        () -> berth.containers().changes("web"));
  }

  private List<LogLine> logs(String id, LogQuery query) {
    List<LogLine> lines = new CopyOnWriteArrayList<>();
    berth.containers().logs(id, query, lines::add);
    return List.copyOf(lines);
  }

  private static CreateContainer named(String name) {
    return new CreateContainer(
        "busybox",
        name,
        null,
        List.of("sh"),
        null,
        null,
        null,
        null,
        null,
        false,
        null,
        null,
        false,
        0,
        0,
        0,
        null,
        false,
        false,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  private static void assertFailsWith(Kind kind, String message, Runnable call) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(kind);
              assertThat(e).hasMessage(message);
            });
  }
}
