package io.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.berth.testing.AgentProcess;
import io.berth.testing.BerthHome;
import io.berth.testing.PushedImage;
import io.berth.testing.TestImages;
import io.berth.testing.TestRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** berth service tasks, maintenance, signal and task, and health in ps, against a real agent. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ServiceCommandsTest {
  private TestRegistry registry;
  private BerthHome home;
  private AgentProcess agent;
  private Cli cli;

  @BeforeEach
  void start() throws Exception {
    registry = TestRegistry.plain();
    PushedImage image = TestImages.busybox(registry, "cli/svc:1");
    home = BerthHome.create().trust(registry);
    Path config = home.directory().resolve("berth.yaml");
    Files.writeString(
        config,
        """
        services:
          web:
            image: %s
            update: false
            command: [sh, -c, "trap 'echo main got HUP' HUP; while true; do sleep 0.1; done"]
            health: {exec: "true", interval: 300ms, timeout: 250ms}
            tasks:
              debug: {role: sidecar, down: true, command: [sleep, "1000"]}
              tick: {role: periodic, every: 500ms, command: [echo, tick]}
        """
            .formatted(image.reference()));
    agent = AgentProcess.start(home, "-c", config.toString());
    cli = new Cli(home);
  }

  @AfterEach
  void stop() {
    try {
      agent.close();
    } finally {
      home.close();
      registry.close();
    }
  }

  @Test
  void healthTasksMaintenanceSignalsAndSidecarsOnDemand() {
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> cli.run("service", "ls").out().contains("healthy"));
    assertThat(cli.run("ps").out()).contains("(healthy)").contains("web-1");

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> cli.run("service", "tasks", "--runs", "web").out().contains("ok"));
    String tasks = cli.run("service", "tasks", "web").out();
    assertThat(tasks).contains("TASK", "main", "ready", "debug", "down", "tick", "periodic");

    Cli.Result started = cli.run("service", "task", "start", "web", "debug");
    assertThat(started.exitCode()).as(started.toString()).isZero();
    assertThat(started.out()).contains("web/debug:");
    assertThat(cli.run("service", "tasks", "web").out()).doesNotContain("down");
    assertThat(cli.run("service", "task", "stop", "web", "debug").out())
        .contains("web/debug: down");

    assertThat(cli.run("service", "signal", "web", "HUP").exitCode()).isZero();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> cli.run("logs", "web-1").out().contains("main got HUP"));
    // berth kill of the service's container reaches its main process, not catatonit (PID 1)
    Cli.Result kill = cli.run("kill", "-s", "HUP", "web-1");
    assertThat(kill.exitCode()).as(kill.toString()).isZero();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                cli.run("logs", "web-1").out().lines().filter("main got HUP"::equals).count() == 2);
    assertThat(cli.run("service", "ls").out()).contains("running");
    Cli.Result badTask = cli.run("service", "signal", "web", "HUP", "--task", "nope");
    assertThat(badTask.exitCode()).isNotZero();
    assertThat(badTask.err()).contains("no task 'nope'");

    assertThat(cli.run("service", "maintenance", "on", "web").out())
        .contains("web: running (maintenance)");
    assertThat(cli.run("service", "ls").out()).contains("(maintenance)");
    assertThat(cli.run("service", "maintenance", "off", "--all").out())
        .contains("no service in maintenance");
    Cli.Result bad = cli.run("service", "maintenance", "sideways", "web");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("'on' or 'off'");
  }
}
