package io.berth.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.berth.api.ApiException;
import io.berth.api.ServiceHistory;
import io.berth.api.ServiceInfo;
import io.berth.spec.ServiceSpec;
import io.berth.testing.PushedImage;
import io.berth.testing.TestImages;
import io.berth.testing.TestRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Services kept running, restarted by their policy, reloaded, upgraded and rolled back. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ServiceSupervisionTest {
  /** Prints the version it runs, then lives, unless its version is 3 (the broken one). */
  private static final String[] APP = {
    "sh", "-c", "v=$(cat /app/version); echo version $v; [ \"$v\" = 3 ] && exit 1; exec sleep 3600"
  };

  private static TestRegistry registry;
  private ServiceFixture berth;

  @BeforeAll
  static void startRegistry() {
    registry = TestRegistry.plain();
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

  private String version(ServiceInfo service) {
    List<String> lines = new java.util.ArrayList<>();
    berth
        .engine
        .containers()
        .logs(service.containerId(), io.berth.api.LogQuery.ALL, l -> lines.add(l.text()));
    return lines.isEmpty() ? "" : lines.getFirst();
  }

  @Test
  void declared_service_runsInAContainerNamedAfterIt() {
    PushedImage v1 = TestImages.busyboxVersion(registry, "svc/run:latest", 1);
    berth.declare(ServiceFixture.service("web", v1.reference(), APP).build());

    ServiceInfo web = berth.awaitStatus("web", "running", Duration.ofSeconds(30));

    var container = berth.engine.containers().inspect(web.containerId());
    assertThat(container.summary().name()).isEqualTo("web-1");
    assertThat(container.labels()).containsEntry("io.berth.service", "web");
    assertThat(web.digest()).isEqualTo(v1.digest().toString());
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> version(berth.service("web")).equals("version 1"));
  }

  @Test
  void exitingService_isRestartedWithBackoffThenMarkedCrashLooping() {
    PushedImage image = TestImages.busyboxVersion(registry, "svc/crash:latest", 1);
    berth.declare(
        ServiceFixture.service("crashy", image.reference(), "sh", "-c", "exit 2")
            .restart(ServiceSpec.RestartPolicy.Mode.ALWAYS, 2)
            .build());

    ServiceInfo crashy = berth.awaitStatus("crashy", "crash-loop", Duration.ofSeconds(30));

    assertThat(crashy.lastExitCode()).isEqualTo(2);
    assertThat(crashy.restarts()).isGreaterThan(2);
    assertThat(crashy.nextAttempt()).isNotNull();
    assertThat(berth.events(e -> e.type().equals("service.crash-loop"))).isNotEmpty();
    assertThat(
            berth
                .events(e -> e.type().equals("service.restart") && e.subject().equals("crashy"))
                .size())
        .isGreaterThanOrEqualTo(3);
  }

  @Test
  void onFailurePolicy_cleanExit_isNotRestarted() throws Exception {
    PushedImage image = TestImages.busyboxVersion(registry, "svc/once:latest", 1);
    berth.declare(
        ServiceFixture.service("once", image.reference(), "true")
            .restart(ServiceSpec.RestartPolicy.Mode.ON_FAILURE, 3)
            .build());

    ServiceInfo once = berth.awaitStatus("once", "exited", Duration.ofSeconds(30));
    Thread.sleep(1000);

    assertThat(once.lastExitCode()).isZero();
    assertThat(berth.service("once").status()).isEqualTo("exited");
    assertThat(berth.events(e -> e.type().equals("service.restart"))).isEmpty();
  }

  @Test
  void reload_touchesOnlyTheServicesThatChanged() {
    PushedImage image = TestImages.busyboxVersion(registry, "svc/reload:latest", 1);
    ServiceSpec a = ServiceFixture.service("a", image.reference(), APP).build();
    ServiceSpec b = ServiceFixture.service("b", image.reference(), APP).build();
    ServiceSpec c = ServiceFixture.service("c", image.reference(), APP).build();
    berth.declare(a, b, c);
    String aContainer = berth.awaitStatus("a", "running", Duration.ofSeconds(30)).containerId();
    String bContainer = berth.awaitStatus("b", "running", Duration.ofSeconds(30)).containerId();
    String cContainer = berth.awaitStatus("c", "running", Duration.ofSeconds(30)).containerId();

    ServiceSpec bChanged =
        ServiceFixture.service("b", image.reference(), APP).env("MODE", "changed").build();
    ServiceSpec d = ServiceFixture.service("d", image.reference(), APP).build();
    berth.declare(a, bChanged, d);

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                !bContainer.equals(berth.service("b").containerId())
                    && berth.service("b").status().equals("running"));
    berth.awaitStatus("d", "running", Duration.ofSeconds(30));
    assertThat(berth.service("a").containerId()).as("a is left alone").isEqualTo(aContainer);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                berth.engine.containers().list(true).stream()
                    .noneMatch(x -> x.id().equals(cContainer)));
    assertThat(berth.engine.services().list())
        .extracting(ServiceInfo::name)
        .containsExactlyInAnyOrder("a", "b", "d");
    assertThat(berth.engine.containers().inspect(berth.service("b").containerId()).env())
        .contains("MODE=changed");
  }

  @Test
  void newDigest_isPulledAndRunsThenABrokenOneIsRolledBackAndNotRetried() throws Exception {
    PushedImage v1 = TestImages.busyboxVersion(registry, "svc/app:latest", 1);
    berth.declare(
        ServiceFixture.service("app", v1.reference(), APP)
            .update(
                Duration.ofMillis(500),
                ServiceSpec.UpdatePolicy.Order.START_FIRST,
                Duration.ofSeconds(2))
            .build());
    berth.awaitStatus("app", "running", Duration.ofSeconds(30));

    PushedImage v2 = TestImages.busyboxVersion(registry, "svc/app:latest", 2);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> v2.digest().toString().equals(berth.service("app").digest()));
    ServiceInfo upgraded = berth.awaitStatus("app", "running", Duration.ofSeconds(30));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> version(berth.service("app")).equals("version 2"));
    assertThat(upgraded.previous()).isEqualTo(v1.digest().toString());

    PushedImage v3 = TestImages.busyboxVersion(registry, "svc/app:latest", 3);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> berth.events(e -> e.type().equals("service.rollback")).size() == 1);
    ServiceInfo afterRollback = berth.service("app");
    assertThat(afterRollback.digest()).isEqualTo(v2.digest().toString());
    assertThat(afterRollback.containerId())
        .as("start-first: v2 never stopped")
        .isEqualTo(upgraded.containerId());
    assertThat(afterRollback.lastError()).contains("exited with 1");

    Thread.sleep(3000); // several check intervals: the bad digest is not tried again
    assertThat(berth.events(e -> e.type().equals("service.rollback"))).hasSize(1);

    PushedImage v4 = TestImages.busyboxVersion(registry, "svc/app:latest", 4);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> v4.digest().toString().equals(berth.service("app").digest()));

    List<ServiceHistory> history = berth.engine.services().history("app", 10);
    assertThat(history)
        .extracting(h -> h.kind() + ":" + h.outcome())
        .containsExactly("upgrade:done", "upgrade:rolled-back", "upgrade:done");
    assertThat(history.get(1).to()).isEqualTo(v3.digest().toString());
    assertThat(history.get(1).reason()).contains("exited");
    // after the upgrade to v4 only v4 and v2 (for rollback) stay on disk
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(berth.engine.images().list().stream().map(im -> im.digest()).toList())
                    .contains(v4.digest().toString(), v2.digest().toString())
                    .doesNotContain(v1.digest().toString(), v3.digest().toString()));
  }

  @Test
  void stopFirstOrder_stopsTheOldBeforeStartingTheNew() {
    PushedImage v1 = TestImages.busyboxVersion(registry, "svc/exclusive:latest", 1);
    berth.declare(
        ServiceFixture.service("exclusive", v1.reference(), APP)
            .update(
                Duration.ofMillis(500),
                ServiceSpec.UpdatePolicy.Order.STOP_FIRST,
                Duration.ofSeconds(1))
            .build());
    String first = berth.awaitStatus("exclusive", "running", Duration.ofSeconds(30)).containerId();

    PushedImage v2 = TestImages.busyboxVersion(registry, "svc/exclusive:latest", 2);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> v2.digest().toString().equals(berth.service("exclusive").digest()));

    var exitOfOld =
        berth
            .events(e -> e.type().equals("container.exit") && e.subject().equals(first))
            .getFirst();
    var startOfNew =
        berth
            .events(e -> e.type().equals("service.container") && e.subject().equals("exclusive"))
            .getLast();
    assertThat(exitOfOld.sequence()).isLessThan(startOfNew.sequence());
  }

  @Test
  void stopFirstOrder_brokenVersion_bringsThePreviousBack() {
    PushedImage v2 = TestImages.busyboxVersion(registry, "svc/exclusive-rb:latest", 2);
    berth.declare(
        ServiceFixture.service("xrb", v2.reference(), APP)
            .update(
                Duration.ofMillis(500),
                ServiceSpec.UpdatePolicy.Order.STOP_FIRST,
                Duration.ofSeconds(1))
            .build());
    berth.awaitStatus("xrb", "running", Duration.ofSeconds(30));

    TestImages.busyboxVersion(registry, "svc/exclusive-rb:latest", 3);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> !berth.events(e -> e.type().equals("service.rollback")).isEmpty());

    ServiceInfo back = berth.awaitStatus("xrb", "running", Duration.ofSeconds(30));
    assertThat(back.digest()).isEqualTo(v2.digest().toString());
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> version(berth.service("xrb")).equals("version 2"));
  }

  @Test
  void neverKill_oldVersionGetsTermAndTakesItsTime() {
    String[] stubborn = {
      "sh",
      "-c",
      "trap 'echo term-ignored' TERM; echo version $(cat /app/version); while true; do sleep 0.1; done"
    };
    PushedImage v1 = TestImages.busyboxVersion(registry, "svc/stubborn:latest", 1);
    berth.declare(
        ServiceFixture.service("stubborn", v1.reference(), stubborn)
            .update(
                Duration.ofMillis(500),
                ServiceSpec.UpdatePolicy.Order.START_FIRST,
                Duration.ofSeconds(1))
            .stop(Duration.ofMillis(100), true)
            .build());
    String old = berth.awaitStatus("stubborn", "running", Duration.ofSeconds(30)).containerId();

    PushedImage v2 = TestImages.busyboxVersion(registry, "svc/stubborn:latest", 2);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> v2.digest().toString().equals(berth.service("stubborn").digest()));

    await().atMost(Duration.ofSeconds(10)).until(() -> logs(old).contains("term-ignored"));
    assertThat(berth.engine.containers().inspect(old).summary().state())
        .as("TERM, never KILL")
        .isEqualTo("running");
    berth.engine.containers().stop(old, Duration.ofSeconds(-1), false);
  }

  private List<String> logs(String id) {
    List<String> lines = new java.util.ArrayList<>();
    berth.engine.containers().logs(id, io.berth.api.LogQuery.ALL, l -> lines.add(l.text()));
    return lines;
  }

  @Test
  void pinnedDigest_isNeverUpgraded() throws Exception {
    PushedImage v1 = TestImages.busyboxVersion(registry, "svc/pinned:latest", 1);
    berth.declare(
        ServiceFixture.service("pinned", v1.digestReference(), APP)
            .update(
                Duration.ofMillis(300),
                ServiceSpec.UpdatePolicy.Order.START_FIRST,
                Duration.ofSeconds(1))
            .build());
    ServiceInfo pinned = berth.awaitStatus("pinned", "running", Duration.ofSeconds(30));
    assertThat(pinned.pinned()).isTrue();

    TestImages.busyboxVersion(registry, "svc/pinned:latest", 2);
    Thread.sleep(2000);

    assertThat(berth.service("pinned").digest()).isEqualTo(v1.digest().toString());
    assertThat(berth.service("pinned").containerId()).isEqualTo(pinned.containerId());
  }

  @Test
  void userActions_stopStartRestartRollback() {
    PushedImage v1 = TestImages.busyboxVersion(registry, "svc/user:latest", 1);
    berth.declare(
        ServiceFixture.service("user", v1.reference(), APP)
            .update(
                Duration.ofMillis(500),
                ServiceSpec.UpdatePolicy.Order.START_FIRST,
                Duration.ofSeconds(1))
            .build());
    String first = berth.awaitStatus("user", "running", Duration.ofSeconds(30)).containerId();

    ServiceInfo stopped = berth.engine.services().act("user", "stop");
    assertThat(stopped.status()).isEqualTo("stopped");
    assertThat(berth.engine.containers().inspect(first).summary().state()).isEqualTo("exited");

    ServiceInfo started = berth.engine.services().act("user", "start");
    assertThat(started.status()).isEqualTo("running");
    String second = started.containerId();
    assertThat(second).isNotEqualTo(first);

    ServiceInfo restarted = berth.engine.services().act("user", "restart");
    assertThat(restarted.containerId()).isNotEqualTo(second);
    assertThat(restarted.digest()).isEqualTo(v1.digest().toString());

    PushedImage v2 = TestImages.busyboxVersion(registry, "svc/user:latest", 2);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> v2.digest().toString().equals(berth.service("user").digest()));
    ServiceInfo rolledBack = berth.engine.services().act("user", "rollback");
    assertThat(rolledBack.digest()).isEqualTo(v1.digest().toString());
    assertThat(berth.engine.services().history("user", 1).getFirst().kind()).isEqualTo("rollback");

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> berth.engine.services().act("user", "dance"))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("dance");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> berth.engine.services().act("nobody", "stop"))
        .isInstanceOf(ApiException.class)
        .extracting(e -> ((ApiException) e).kind())
        .isEqualTo(ApiException.Kind.NOT_FOUND);
  }
}
