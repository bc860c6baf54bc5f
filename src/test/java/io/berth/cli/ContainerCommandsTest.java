package io.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.spec.Json;
import io.berth.testing.AgentProcess;
import io.berth.testing.BerthHome;
import io.berth.testing.PushedImage;
import io.berth.testing.TestImages;
import io.berth.testing.TestRegistry;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ContainerCommandsTest {
  private static TestRegistry registry;
  private static PushedImage busybox;
  private BerthHome home;
  private Cli cli;

  @BeforeAll
  static void startRegistry() {
    registry = TestRegistry.plain();
    busybox = TestImages.busybox(registry, "cli/busybox:1");
  }

  @AfterAll
  static void stopRegistry() {
    registry.close();
  }

  @BeforeEach
  void openHome() {
    home = BerthHome.create().trust(registry);
    cli = new Cli(home);
  }

  @AfterEach
  void closeHome() {
    home.close();
  }

  /** Without an agent: berth run supervises its one container in the CLI's own process. */
  @Nested
  class WithoutAnAgent {
    @Test
    void run_foreground_streamsOutputAndExitsWithTheContainersCode() {
      Cli.Result result =
          cli.run("run", busybox.reference(), "sh", "-c", "echo hi; echo err >&2; exit 4");

      assertThat(result.exitCode()).as(result.toString()).isEqualTo(4);
      assertThat(result.out()).isEqualTo("hi\n");
      assertThat(result.err()).endsWith("err\n");
    }

    @Test
    void run_pullsAnAbsentImageFirst() {
      Cli.Result result = cli.run("run", "--rm", busybox.reference(), "true");
      assertThat(result.exitCode()).isZero();
      assertThat(result.err()).contains("pulling");
      assertThat(cli.run("images", "-q").out()).isNotBlank();
    }

    @Test
    void run_commandNotFound_exits127() {
      Cli.Result result = cli.run("run", busybox.reference(), "no-such-command");
      assertThat(result.exitCode()).isEqualTo(127);
      assertThat(result.err()).contains("no-such-command").contains("not found");
    }

    @Test
    void run_missingImage_exits125NamingIt() {
      Cli.Result result = cli.run("run", registry.ref("no/such:image"), "true");
      assertThat(result.exitCode()).isEqualTo(125);
      assertThat(result.err()).contains("no/such:image").contains("not found");
    }

    @Test
    void run_badFlagValue_exitsTwoNamingTheFlag() {
      Cli.Result result = cli.run("run", "--memory", "lots", busybox.reference(), "true");
      assertThat(result.exitCode()).isEqualTo(2);
      assertThat(result.err()).contains("--memory").contains("lots");
      Cli.Result network = cli.run("run", "--network", "bridge", busybox.reference(), "true");
      assertThat(network.exitCode()).isEqualTo(125);
      assertThat(network.err()).contains("unsupported network 'bridge'");
    }

    @Test
    void run_envFileAndFlags_reachTheContainer() throws Exception {
      var file = home.directory().resolve("app.env");
      Files.writeString(file, "# settings\nFROM_FILE=file\nOVERRIDE=file\n\n");
      Cli.Result result =
          cli.run(
              "run",
              "--rm",
              "--env-file",
              file.toString(),
              "-e",
              "OVERRIDE=flag",
              busybox.reference(),
              "sh",
              "-c",
              "echo $FROM_FILE $OVERRIDE");
      assertThat(result.out()).isEqualTo("file flag\n");
    }

    @Test
    void runRestart_withoutDetach_isRefused_sayingWhy() {
      Cli.Result result = cli.run("run", "--restart", "always", busybox.reference(), "true");
      assertThat(result.exitCode()).isNotZero();
      assertThat(result.err()).contains("--restart needs -d");
    }

    @Test
    void runDetached_needsAnAgentAndSaysHowToStartOne() {
      Cli.Result result = cli.run("run", "-d", busybox.reference(), "sleep", "10");
      assertThat(result.exitCode()).isEqualTo(125);
      assertThat(result.err()).contains("berth agent");
    }

    @Test
    void psAndRm_workFromTheStore() {
      cli.run("run", "--name", "done", busybox.reference(), "true");
      Cli.Result ps = cli.run("ps", "-a");
      assertThat(ps.out()).contains("done").contains("Exited (0)");
      assertThat(cli.run("rm", "done").exitCode()).isZero();
      assertThat(cli.run("ps", "-aq").out()).isEmpty();
    }
  }

  /** Through a running agent. */
  @Nested
  class ThroughTheAgent {
    private AgentProcess agent;

    @BeforeEach
    void startAgent() {
      agent = AgentProcess.start(home);
    }

    @AfterEach
    void stopAgent() {
      for (String id : cli.run("ps", "-aq", "--no-trunc").out().lines().toList()) {
        cli.run("rm", "-f", id);
      }
      agent.close();
    }

    @Test
    void runDetached_printsTheIdAndEveryCommandWorksOnIt() throws Exception {
      Cli.Result run =
          cli.run(
              "run",
              "-d",
              "--name",
              "web",
              "--writable",
              busybox.reference(),
              "sh",
              "-c",
              "echo started; touch /new; sleep 60");
      assertThat(run.exitCode()).as(run.toString()).isZero();
      String id = run.out().strip();
      assertThat(id).matches("[0-9a-f]{64}");
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> cli.run("logs", "web").out().contains("started"));

      assertThat(cli.run("ps").out()).contains(id.substring(0, 12)).contains("web").contains("Up ");
      JsonNode ps = Json.lenient().readTree(cli.run("ps", "--format", "json").out());
      assertThat(ps.get(0).get("state").asText()).isEqualTo("running");
      JsonNode inspect = Json.lenient().readTree(cli.run("inspect", "web").out());
      assertThat(inspect.get(0).get("summary").get("name").asText()).isEqualTo("web");

      Cli.Result exec = cli.run("exec", "web", "sh", "-c", "echo inside; exit 3");
      assertThat(exec.exitCode()).isEqualTo(3);
      assertThat(exec.out()).isEqualTo("inside\n");
      assertThat(cli.run("diff", "web").out()).contains("A /new");
      Cli.Result stats = cli.run("stats", "web");
      assertThat(stats.out()).startsWith("CONTAINER ID").contains("web");

      assertThat(cli.run("stop", "-t", "1", "web").exitCode()).isZero();
      assertThat(cli.run("ps", "-a").out()).contains("Exited (137)");
      assertThat(cli.run("rm", "web").exitCode()).isZero();
    }

    @Test
    void runDetachedWithRestart_theAgentRestartsIt_untilStopped() {
      Cli.Result run =
          cli.run(
              "run",
              "-d",
              "--restart",
              "on-failure",
              "--name",
              "again",
              busybox.reference(),
              "sh",
              "-c",
              "echo run; exit 1");
      assertThat(run.exitCode()).as(run.toString()).isZero();

      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> cli.run("logs", "again").out().lines().filter("run"::equals).count() >= 3);
      assertThat(cli.run("stop", "again").exitCode()).isZero();
      assertThat(cli.run("rm", "again").exitCode()).isZero();
    }

    @Test
    void kill_sendsTheNamedSignal() {
      String id =
          cli.run(
                  "run",
                  "-d",
                  busybox.reference(),
                  "sh",
                  "-c",
                  "trap 'echo usr1' USR1; while true; do sleep 0.1; done")
              .out()
              .strip();
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> cli.run("ps").out().contains(id.substring(0, 12)));
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () -> {
                cli.run("kill", "-s", "USR1", id);
                return cli.run("logs", id).out().contains("usr1");
              });
      assertThat(cli.run("kill", "-s", "NOPE", id).err()).contains("NOPE");
    }

    @Test
    void logsFollow_endsWhenTheContainerDoes() {
      String id =
          cli.run("run", "-d", busybox.reference(), "sh", "-c", "echo one; sleep 1; echo two")
              .out()
              .strip();
      Cli.Result follow = cli.run("logs", "-f", id);
      assertThat(follow.out()).isEqualTo("one\ntwo\n");
    }

    @Test
    void runRm_thenPsAll_neverShowsTheContainer_andRunThenRm_worksAtOnce() {
      for (int i = 0; i < 5; i++) {
        Cli.Result run =
            cli.run("run", "--rm", busybox.reference(), "sh", "-c", "echo $0", "n" + i);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).isEqualTo("n" + i + "\n");
        assertThat(cli.run("ps", "-aq").out()).isEmpty();

        Cli.Result kept = cli.run("run", "--name", "kept", busybox.reference(), "true");
        assertThat(kept.exitCode()).as(kept.toString()).isZero();
        Cli.Result rm = cli.run("rm", "kept");
        assertThat(rm.exitCode()).as(rm.toString()).isZero();
      }
    }

    @Test
    void runForeground_goesThroughTheAgent() {
      Cli.Result result =
          cli.run("run", "--rm", busybox.reference(), "sh", "-c", "echo via agent; exit 6");
      assertThat(result.exitCode()).isEqualTo(6);
      assertThat(result.out()).isEqualTo("via agent\n");
      assertThat(agent.log()).doesNotContain("ERROR");
    }
  }
}
