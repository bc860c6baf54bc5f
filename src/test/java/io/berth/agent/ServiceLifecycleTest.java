package io.berth.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.berth.api.ApiException;
import io.berth.api.LogQuery;
import io.berth.api.ServiceInfo;
import io.berth.api.TaskInfo;
import io.berth.config.ConfigParser;
import io.berth.events.Event;
import io.berth.spec.ServiceSpec;
import io.berth.testing.PushedImage;
import io.berth.testing.TestImages;
import io.berth.testing.TestRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A service's lifecycle with real containers: init, main, sidecar, finalize and periodic tasks,
 * hooks, timing knobs, health checks, readiness, maintenance, env files and perms, declared in YAML
 * as a user writes them.
 */
class ServiceLifecycleTest {
  private static TestRegistry registry;
  private static PushedImage image;
  private ServiceFixture berth;

  @BeforeAll
  static void startRegistry() {
    registry = TestRegistry.plain();
    image = TestImages.busyboxVersion(registry, "lifecycle/app:latest", 1);
  }

  @AfterAll
  static void stopRegistry() {
    registry.close();
  }

  @BeforeEach
  void open() {
    berth = new ServiceFixture(registry);
  }

  @AfterEach
  void close() {
    berth.close();
  }

  /** Declares the service {@code s} as the YAML says, with quick restarts and no upgrades. */
  private void declare(String yaml) {
    declare(image.reference(), "update: false\n" + yaml);
  }

  private void declare(String reference, String yaml) {
    String text = "services:\n  s:\n" + ("image: " + reference + "\n" + yaml).indent(4);
    ServiceSpec spec =
        ConfigParser.of(berth.home.settings().root().resolve("volumes"))
            .parse(text.getBytes(StandardCharsets.UTF_8), "test.yaml")
            .config()
            .services()
            .get("s");
    berth.declare(spec);
  }

  private List<String> log() {
    ServiceInfo s = berth.service("s");
    String id = s.containerId();
    if (id == null) {
      id =
          berth.engine.containers().list(true).stream()
              .filter(c -> c.name().startsWith("s-"))
              .findFirst()
              .orElseThrow()
              .id();
    }
    List<String> lines = new ArrayList<>();
    berth.engine.containers().logs(id, LogQuery.ALL, l -> lines.add(l.text()));
    return lines;
  }

  private List<String> log(String containerId) {
    List<String> lines = new ArrayList<>();
    berth.engine.containers().logs(containerId, LogQuery.ALL, l -> lines.add(l.text()));
    return lines;
  }

  private TaskInfo task(String name) {
    return berth.service("s").tasks().stream()
        .filter(t -> t.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no task " + name + ": " + berth.service("s")));
  }

  @Test
  void initTasksRunInOrder_thenSidecars_thenMain_whoseExitCodeIsTheService() {
    declare(
        """
        writable: true
        restart: never
        command: [sh, -c, "sleep 0.5; echo main sees $(cat /tmp/order | tr '\\\\n' ' '); exit 3"]
        tasks:
          first: {role: init, command: [sh, -c, "echo first >> /tmp/order"]}
          second: {role: init, command: [sh, -c, "echo second >> /tmp/order"]}
          helper: {role: sidecar, command: [sh, -c, "echo helper >> /tmp/order; echo helper up; exec sleep 1000"]}
        timing: {waitForSidecars: up}
        """);

    ServiceInfo s = berth.awaitStatus("s", "exited", Duration.ofSeconds(30));

    assertThat(s.lastExitCode()).isEqualTo(3);
    String container =
        berth
            .events(e -> e.type().equals("service.container"))
            .getFirst()
            .attributes()
            .get("container");
    assertThat(log(container)).contains("main sees first second helper", "[helper] helper up");
  }

  @Test
  void aFailingInitTask_failsTheStartWithItsOutput() {
    declare(
        """
        restart: never
        command: [sleep, "1000"]
        tasks:
          check-config: {role: init, command: [sh, -c, "echo the config is broken >&2; exit 4"]}
        """);

    ServiceInfo s = berth.awaitStatus("s", "failed", Duration.ofSeconds(30));

    assertThat(s.lastError())
        .contains("init task check-config", "exited with code 4", "the config is broken");
    assertThat(s.containerId()).isNull();
  }

  @Test
  void
      stop_runsPreStop_signalsMain_runsPostStopWhoseCodeReplacesMains_stopsSidecarsBesideFinalize() {
    declare(
        """
        command: [sh, -c, "trap 'echo main got TERM; exit 0' TERM; echo main up; while true; do sleep 0.1; done"]
        tasks:
          stubborn: {role: sidecar, command: [sh, -c, "trap '' TERM; while true; do sleep 0.1; done"]}
          flush: {role: finalize, command: [sh, -c, "echo flushing"]}
          slow: {role: finalize, command: [sleep, "100"], timeout: 300ms}
        hooks:
          preStop: [sh, -c, "echo draining"]
          postStop: [sh, -c, "echo cleaned up; exit 7"]
        timing: {servicesGrace: 500ms}
        """);
    ServiceInfo running = berth.awaitStatus("s", "running", Duration.ofSeconds(30));
    String container = running.containerId();
    await().atMost(Duration.ofSeconds(10)).until(() -> log().contains("main up"));

    berth.engine.services().act("s", "stop");

    assertThat(berth.service("s").lastExitCode()).isEqualTo(7);
    List<String> lines = log(container);
    assertThat(lines)
        .containsSubsequence("[preStop] draining", "main got TERM", "[postStop] cleaned up");
    assertThat(lines).contains("[flush] flushing");
    List<Event> exits =
        berth.events(e -> e.type().equals("task.exit") && e.subject().equals(container));
    assertThat(exits)
        .anySatisfy(
            e -> {
              assertThat(e.attributes()).containsEntry("task", "stubborn");
              assertThat(e.attributes()).containsEntry("exitCode", "137"); // killed after grace
            })
        .anySatisfy(
            e -> {
              assertThat(e.attributes()).containsEntry("task", "slow");
              assertThat(e.attributes()).containsEntry("exitCode", "137"); // its own timeout
            });
    assertThat(berth.engine.containers().inspect(container).summary().state()).isEqualTo("exited");
  }

  @Test
  void sidecar_restartedByItsPolicy_finishGetsTheExitCode_125KeepsItDown() {
    declare(
        """
        command: [sleep, "1000"]
        tasks:
          flaky:
            role: sidecar
            command: [sh, -c, "echo flaky run; exit 5"]
            restart: {policy: on-failure, backoff: 100ms, maxBackoff: 200ms, maxAttempts: 100}
          once:
            role: sidecar
            command: [sh, -c, "exit 6"]
            # the code is the finish command's first argument: $0 of sh -c
            finish: [sh, -c, "echo finished with $0 and $BERTH_EXIT_CODE; exit 125"]
        """);
    berth.awaitStatus("s", "running", Duration.ofSeconds(30));

    await().atMost(Duration.ofSeconds(20)).until(() -> task("flaky").restarts() >= 2);
    await().atMost(Duration.ofSeconds(10)).until(() -> task("once").status().equals("down"));
    assertThat(task("once").exitCode()).isEqualTo(6);
    assertThat(task("once").restarts()).isZero();
    assertThat(log()).contains("[once.finish] finished with 6 and 6");
    assertThat(task("main").status()).isEqualTo("ready");
  }

  @Test
  void aSidecarWithStopService_endsTheService() {
    declare(
        """
        restart: never
        command: [sleep, "1000"]
        tasks:
          guard: {role: sidecar, command: [sh, -c, "sleep 0.5; exit 9"], stopService: on-failure}
        """);

    ServiceInfo s = berth.awaitStatus("s", "exited", Duration.ofSeconds(30));

    assertThat(s.lastExitCode()).isEqualTo(143); // main got the stop signal
    assertThat(berth.events(e -> e.type().equals("service.stopping")))
        .anySatisfy(e -> assertThat(e.attributes().get("reason")).contains("sidecar guard"));
  }

  @Test
  void aDownSidecar_startsAndStopsOnDemand_andSignalsReachTheChosenTask() {
    declare(
        """
        command: [sh, -c, "trap 'echo main got HUP' HUP; while true; do sleep 0.1; done"]
        tasks:
          debug:
            role: sidecar
            down: true
            command: [sh, -c, "trap 'echo debug got USR1' USR1; echo debug up; while true; do sleep 0.1; done"]
        """);
    berth.awaitStatus("s", "running", Duration.ofSeconds(30));
    assertThat(task("debug").status()).isEqualTo("down");

    berth.engine.services().task("s", "debug", "start");
    await().atMost(Duration.ofSeconds(10)).until(() -> log().contains("[debug] debug up"));
    berth.engine.services().signal("s", "debug", "USR1");
    berth.engine.services().signal("s", null, "HUP");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> log().containsAll(List.of("[debug] debug got USR1", "main got HUP")));

    berth.engine.services().task("s", "debug", "stop");
    assertThat(task("debug").status()).isEqualTo("down");
    assertThat(task("debug").pid()).isZero();
    assertThatThrownBy(() -> berth.engine.services().signal("s", "debug", "USR1"))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("debug")
        .hasMessageContaining("not running");
    assertThatThrownBy(() -> berth.engine.services().task("s", "nope", "start"))
        .hasMessageContaining("no sidecar 'nope'");
  }

  @Test
  void healthChecks_execHttpTcp_makeItHealthy_andAnUnhealthyMainIsRestarted() {
    declare(
        """
        writable: true
        network: none
        restart: {policy: always, backoff: 100ms, maxBackoff: 200ms}
        command: [sh, -c, "mkdir -p /tmp/www; echo ok > /tmp/www/index.html; exec httpd -f -p 8080 -h /tmp/www"]
        health:
          - {name: page, http: {port: 8080, path: /index.html}, interval: 300ms, timeout: 250ms, failures: 2}
          - {name: port, tcp: 8080, interval: 300ms, timeout: 250ms}
          - {name: file, exec: "test -f /tmp/www/index.html", interval: 300ms, timeout: 250ms}
        """);
    ServiceInfo s = berth.awaitStatus("s", "running", Duration.ofSeconds(30));
    String first = s.containerId();

    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> "healthy".equals(berth.service("s").health()));
    assertThat(task("main").checks())
        .extracting(TaskInfo.Check::name, TaskInfo.Check::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("page", "healthy"),
            org.assertj.core.groups.Tuple.tuple("port", "healthy"),
            org.assertj.core.groups.Tuple.tuple("file", "healthy"));

    berth
        .engine
        .containers()
        .exec(
            first,
            new io.berth.api.ExecRequest(List.of("rm", "/tmp/www/index.html"), null, null, null),
            line -> {});

    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                first != null
                    && !first.equals(berth.service("s").containerId())
                    && "running".equals(berth.service("s").status()));
    assertThat(berth.events(e -> e.type().equals("service.unhealthy")))
        .anySatisfy(e -> assertThat(e.attributes().get("reason")).contains("check"));
    assertThat(berth.events(e -> e.type().equals("health.change")))
        .anySatisfy(e -> assertThat(e.attributes()).containsEntry("status", "unhealthy"));
  }

  @Test
  void readiness_byNotificationFd() {
    declare(
        """
        command: [sh, -c, "sleep 1; echo >&3; exec sleep 1000"]
        readiness: {notifyFd: 3}
        """);
    berth.awaitStatus("s", "running", Duration.ofSeconds(30));

    await().atMost(Duration.ofSeconds(10)).until(() -> task("main").status().equals("ready"));
  }

  @Test
  void periodicTasks_runOnTheirInterval_neverOverlap_timeOut_andKeepTheirRuns() {
    declare(
        """
        command: [sleep, "1000"]
        tasks:
          slow: {role: periodic, every: 400ms, command: [sh, -c, "echo tick; sleep 1"], keep: 4}
          stuck: {role: periodic, every: 500ms, command: [sleep, "100"], timeout: 200ms, keep: 2}
        """);
    berth.awaitStatus("s", "running", Duration.ofSeconds(30));

    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              List<String> outcomes =
                  task("slow").runs().stream().map(TaskInfo.Run::outcome).toList();
              return outcomes.contains("ok") && outcomes.contains("skipped");
            });
    assertThat(task("slow").runs()).hasSizeLessThanOrEqualTo(4);
    assertThat(task("slow").runs())
        .filteredOn(r -> r.outcome().equals("ok"))
        .allSatisfy(
            r -> {
              assertThat(r.exitCode()).isZero();
              assertThat(r.output()).contains("tick");
            });
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> task("stuck").runs().stream().anyMatch(r -> r.outcome().equals("timeout")));
    assertThat(task("stuck").runs()).hasSizeLessThanOrEqualTo(2);
  }

  @Test
  void envFilesMergeUnderTheServiceEnv_andPermsUseTheUsermap(@TempDir Path dir) throws Exception {
    Path env = dir.resolve("app.env");
    Files.writeString(env, "# defaults\nFROM_FILE=file\nOVERRIDDEN=file\nUSERMAP_UID=1234\n");
    declare(
        """
        writable: true
        env: {OVERRIDDEN: service, USERMAP_GID: "99"}
        envFiles: [%s]
        perms:
          - /tmp {{USERMAP_UID}}:{{USERMAP_GID}} 0600 0770
        command: [sh, -c, "echo env $FROM_FILE $OVERRIDDEN; stat -c 'tmp %%u:%%g %%a' /tmp; exec sleep 1000"]
        tasks:
          probe: {role: init, command: [sh, -c, "echo init sees $FROM_FILE $OVERRIDDEN"], env: {OVERRIDDEN: task}}
        """
            .formatted(env));
    berth.awaitStatus("s", "running", Duration.ofSeconds(30));

    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                log()
                    .containsAll(
                        List.of(
                            "env file service", "tmp 1234:99 770", "[probe] init sees file task")));
  }

  @Test
  void maintenance_perServiceAndForAll_keepsItRunning() {
    declare("command: [sleep, \"1000\"]\n");
    ServiceInfo running = berth.awaitStatus("s", "running", Duration.ofSeconds(30));

    assertThat(berth.engine.services().maintenance("s", true).maintenance()).isTrue();
    assertThat(berth.service("s").containerId()).isEqualTo(running.containerId());
    assertThat(berth.engine.services().maintenanceAll(null)).isEmpty(); // all were in: all out
    assertThat(berth.service("s").maintenance()).isFalse();
    assertThat(berth.engine.services().maintenanceAll(null)).containsExactly("s");
    assertThat(berth.events(e -> e.type().equals("service.maintenance"))).hasSize(3);
    assertThat(berth.service("s").status()).isEqualTo("running");
  }

  @Test
  void anUpgradeWhoseMainIsNeverReady_isRolledBackAtTheDeadline() {
    PushedImage v1 = TestImages.busyboxVersion(registry, "lifecycle/ready:latest", 1);
    declare(
        v1.reference(),
        """
        update: {interval: 1h, order: start-first, minRunning: 1s, deadline: 2s}
        readiness: {notifyFd: 3}
        command: [sh, -c, "[ $(cat /app/version) = 2 ] || echo >&3; exec sleep 1000"]
        """);
    ServiceInfo running = berth.awaitStatus("s", "running", Duration.ofSeconds(30));
    await().atMost(Duration.ofSeconds(10)).until(() -> task("main").status().equals("ready"));

    PushedImage v2 = TestImages.busyboxVersion(registry, "lifecycle/ready:latest", 2);
    berth
        .engine
        .services()
        .pushed(new io.berth.api.RegistryPush(null, "lifecycle/ready", "latest", null));

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                berth.engine.services().history("s", 10).stream()
                    .anyMatch(h -> "rolled-back".equals(h.outcome())));
    var rollback = berth.engine.services().history("s", 10).getFirst();
    assertThat(rollback.to()).isEqualTo(v2.digest().toString());
    assertThat(rollback.reason()).contains("not ready within 2s");
    assertThat(berth.service("s").containerId()).isEqualTo(running.containerId());
  }

  @Test
  void aCheckWithoutAPassWithinItsTtl_isUnhealthy_evenBeforeItsFailureCount() {
    declare(
        """
        restart: never
        command: [sleep, "1000"]
        health: {exec: "test -f /nowhere", interval: 300ms, timeout: 250ms, failures: 1000, ttl: 1s}
        """);
    berth.awaitStatus("s", "running", Duration.ofSeconds(30));

    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                berth.events(e -> e.type().equals("health.change")).stream()
                    .anyMatch(e -> "unhealthy".equals(e.attributes().get("status"))));
    assertThat(berth.events(e -> e.type().equals("check.result"))).hasSizeLessThan(1000);
  }

  @Test
  void stopTimeoutMinusOne_killsTheMainProcessAtOnce() {
    declare(
        """
        stopTimeout: -1
        command: [sh, -c, "trap 'echo got TERM' TERM; echo up; while true; do sleep 0.1; done"]
        """);
    berth.awaitStatus("s", "running", Duration.ofSeconds(30));
    await().atMost(Duration.ofSeconds(10)).until(() -> log().contains("up"));

    berth.engine.services().act("s", "stop");

    assertThat(berth.service("s").lastExitCode()).isEqualTo(137);
    assertThat(log()).doesNotContain("got TERM");
  }
}
