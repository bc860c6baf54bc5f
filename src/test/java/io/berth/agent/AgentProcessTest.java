package io.berth.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.berth.api.ContainerDetails;
import io.berth.api.CreateContainer;
import io.berth.api.ExecRequest;
import io.berth.api.LogQuery;
import io.berth.api.PullProgress;
import io.berth.api.client.RemoteBerth;
import io.berth.testing.AgentProcess;
import io.berth.testing.BerthHome;
import io.berth.testing.PushedImage;
import io.berth.testing.TestImages;
import io.berth.testing.TestRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** berth agent as its own process: its socket, its graceful stop, its recovery after a crash. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class AgentProcessTest {
  private static TestRegistry registry;
  private static PushedImage busybox;
  private BerthHome home;
  private final List<AgentProcess> agents = new ArrayList<>();

  @BeforeAll
  static void startRegistry() {
    registry = TestRegistry.plain();
    busybox = TestImages.busybox(registry, "agent/busybox:1");
  }

  @AfterAll
  static void stopRegistry() {
    registry.close();
  }

  @BeforeEach
  void createHome() {
    home = BerthHome.create().trust(registry);
  }

  @AfterEach
  void cleanUp() throws Exception {
    for (AgentProcess agent : agents) {
      agent.close();
    }
    // Whatever a crashed agent left running: stopped by a last agent, then removed.
    try (AgentProcess sweeper = AgentProcess.start(home, "--on-restart", "stop");
        RemoteBerth client = sweeper.client()) {
      client.containers().list(true).forEach(c -> client.containers().remove(c.id(), true));
    }
    home.close();
  }

  private AgentProcess agent(String... options) {
    AgentProcess agent = AgentProcess.start(home, options);
    agents.add(agent);
    return agent;
  }

  private static String runDetached(RemoteBerth client, String script) {
    ContainerDetails created =
        client
            .containers()
            .create(
                CreateContainer.of(busybox.reference(), List.of("sh", "-c", script)),
                PullProgress.NONE);
    client.containers().start(created.id());
    return created.id();
  }

  private static List<String> lines(RemoteBerth client, String id) {
    List<String> lines = new ArrayList<>();
    client.containers().logs(id, LogQuery.ALL, l -> lines.add(l.text()));
    return lines;
  }

  /** Whether a process runs: a zombie (ended, not yet collected by its parent) does not. */
  private static boolean running(int pid) throws Exception {
    var stat = java.nio.file.Path.of("/proc", Integer.toString(pid), "stat");
    if (!Files.exists(stat)) {
      return false;
    }
    String text = Files.readAllLines(stat).getFirst();
    return text.charAt(text.lastIndexOf(')') + 2) != 'Z';
  }

  @Test
  void agent_servesTheApiOnASocketOnlyRootCanUse() throws Exception {
    AgentProcess agent = agent();
    var socket = home.state().resolve("berth.sock");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)))
        .isEqualTo("rw-------");

    try (RemoteBerth client = agent.client()) {
      String id = runDetached(client, "echo hello; sleep 60");
      await().atMost(Duration.ofSeconds(20)).until(() -> lines(client, id).contains("hello"));
      assertThat(client.containers().list(false)).extracting(c -> c.id()).containsExactly(id);
      List<String> out = new ArrayList<>();
      var exit =
          client
              .containers()
              .exec(
                  id,
                  new ExecRequest(List.of("sh", "-c", "echo in; exit 2"), null, null, null),
                  l -> out.add(l.text()));
      assertThat(exit.exitCode()).isEqualTo(2);
      assertThat(out).containsExactly("in");
      assertThat(client.containers().stop(id, Duration.ofSeconds(5), false).summary().state())
          .isEqualTo("exited");
    }
  }

  @Test
  void agent_loadsSqliteFromUnderItsRoot_notACopyInTmp() throws Exception {
    AgentProcess agent = agent();

    // a copy in /tmp per process stays there for good when the process is killed
    List<String> mapped =
        Files.readAllLines(Path.of("/proc/" + agent.pid() + "/maps")).stream()
            .filter(line -> line.contains("sqlitejdbc"))
            .map(line -> line.substring(line.lastIndexOf(' ') + 1))
            .distinct()
            .toList();
    assertThat(mapped).hasSize(1);
    assertThat(mapped.getFirst()).startsWith(home.root().resolve("lib").toString());
  }

  @Test
  void agent_secondAgentOnTheSameState_refusesToStart() {
    AgentProcess first = agent();

    AgentProcess.Refusal second = AgentProcess.startRefused(home);

    assertThat(second.exitCode()).isNotZero();
    assertThat(second.output()).contains(Long.toString(first.pid()));
    assertThat(first.isAlive()).isTrue();
  }

  @Test
  void agent_sigterm_stopsEveryContainerByItsOwnRules() throws Exception {
    AgentProcess agent = agent();
    String id;
    try (RemoteBerth client = agent.client()) {
      id =
          runDetached(
              client, "trap 'echo bye; exit 0' TERM; echo ready; while true; do sleep 0.1; done");
      await().atMost(Duration.ofSeconds(20)).until(() -> lines(client, id).contains("ready"));
    }

    agent.terminate(Duration.ofSeconds(60));

    try (Engine reader = Engine.open(home.settings())) {
      var container = reader.containers().inspect(id);
      assertThat(container.summary().state()).isEqualTo("exited");
      assertThat(container.summary().exitCode()).isZero();
      List<String> lines = new ArrayList<>();
      reader.containers().logs(id, LogQuery.ALL, l -> lines.add(l.text()));
      assertThat(lines).contains("bye");
    }
  }

  @Test
  void agent_killedAndRestarted_adoptsWhatStillRunsWithoutLosingOutput() throws Exception {
    AgentProcess first = agent();
    String id;
    int pid;
    try (RemoteBerth client = first.client()) {
      id = runDetached(client, "i=0; while true; do echo tick$i; i=$((i+1)); sleep 0.1; done");
      await().atMost(Duration.ofSeconds(20)).until(() -> lines(client, id).contains("tick3"));
      pid = client.containers().inspect(id).summary().pid();
    }

    first.crash();
    Thread.sleep(
        1500); // the container keeps writing into its FIFO meanwhile, and must not die of it
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).contains(true);
    AgentProcess second = agent();

    try (RemoteBerth client = second.client()) {
      ContainerDetails adopted = client.containers().inspect(id);
      assertThat(adopted.summary().state()).isEqualTo("running");
      assertThat(adopted.summary().pid()).isEqualTo(pid);
      await().atMost(Duration.ofSeconds(20)).until(() -> lines(client, id).size() > 40);
      List<String> lines = lines(client, id);
      for (int i = 0; i < 40; i++) {
        assertThat(lines).as("no tick lost across the crash").contains("tick" + i);
      }
      ContainerDetails stopped = client.containers().stop(id, Duration.ofSeconds(5), false);
      assertThat(stopped.summary().state()).isEqualTo("exited");
      assertThat(stopped.summary().exitCode())
          .as("an adopted container's status went to its former parent")
          .isNull();
    }
    assertThat(second.log()).contains("adopted 1");
  }

  @Test
  void agent_killedAndRestartedWithStopPolicy_stopsWhatStillRuns() throws Exception {
    AgentProcess first = agent();
    String id;
    int pid;
    try (RemoteBerth client = first.client()) {
      id = runDetached(client, "echo ready; sleep 600");
      await().atMost(Duration.ofSeconds(20)).until(() -> lines(client, id).contains("ready"));
      pid = client.containers().inspect(id).summary().pid();
    }
    first.crash();

    AgentProcess second = agent("--on-restart", "stop");

    try (RemoteBerth client = second.client()) {
      assertThat(client.containers().inspect(id).summary().state()).isEqualTo("exited");
    }
    assertThat(running(pid)).as("the survivor was stopped").isFalse();
    assertThat(home.root().resolve("containers").resolve(id).resolve("rootfs")).doesNotExist();
  }
}
