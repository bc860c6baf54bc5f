package io.berth.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.berth.api.ConfigStatus;
import io.berth.api.LogQuery;
import io.berth.api.ServiceInfo;
import io.berth.api.client.RemoteBerth;
import io.berth.testing.AgentProcess;
import io.berth.testing.BerthHome;
import io.berth.testing.Busybox;
import io.berth.testing.Content;
import io.berth.testing.EntryAttributes;
import io.berth.testing.Layer;
import io.berth.testing.PushedImage;
import io.berth.testing.TestImages;
import io.berth.testing.TestRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
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

/**
 * The agent with a configuration file, as its own process: start, reloads, crashes, Frontloader.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class AgentServicesTest {
  private static TestRegistry registry;
  private static PushedImage app;
  private BerthHome home;
  private Path config;
  private final List<AgentProcess> agents = new ArrayList<>();

  @BeforeAll
  static void startRegistry() {
    registry = TestRegistry.plain();
    app = TestImages.busyboxVersion(registry, "agentsvc/app:latest", 1);
  }

  @AfterAll
  static void stopRegistry() {
    registry.close();
  }

  @BeforeEach
  void createHome() {
    home = BerthHome.create().trust(registry);
    config = home.directory().resolve("berth.yaml");
  }

  @AfterEach
  void cleanUp() {
    for (AgentProcess agent : agents) {
      agent.close();
    }
    try (AgentProcess sweeper = AgentProcess.start(home, "--on-restart", "stop");
        RemoteBerth client = sweeper.client()) {
      client.containers().list(true).forEach(c -> client.containers().remove(c.id(), true));
    }
    home.close();
  }

  private AgentProcess agent(String... options) {
    List<String> all = new ArrayList<>(List.of("-c", config.toString()));
    all.addAll(List.of(options));
    AgentProcess agent = AgentProcess.start(home, all.toArray(String[]::new));
    agents.add(agent);
    return agent;
  }

  private void write(String yaml) throws Exception {
    Files.writeString(config, yaml);
  }

  private static String service(String name, String mode) {
    return """
          %s:
            image: %s
            command: [sh, -c, "echo mode=$MODE; exec sleep 3600"]
            env: {MODE: %s}
            update: false
            restart: {policy: always, backoff: 100ms, maxBackoff: 500ms}
            stopTimeout: 2s
        """
        .formatted(name, app.reference(), mode);
  }

  private static ServiceInfo running(RemoteBerth client, String name) {
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> client.services().inspect(name).status().equals("running"));
    return client.services().inspect(name);
  }

  @Test
  void badConfigAtStart_stopsTheAgentNamingFileLineAndField() throws Exception {
    write(
        "services:\n  web:\n    image: "
            + app.reference()
            + "\n    restart: {maxAttempts: five}\n");

    AgentProcess.Refusal refused = AgentProcess.startRefused(home, "-c", config.toString());

    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.output())
        .contains(config.getFileName().toString() + ":4:")
        .contains("services.web.restart.maxAttempts");
  }

  @Test
  void changedFile_isReloadedAndOnlyChangedServicesAreTouched_aBadOneKeepsTheLastGood()
      throws Exception {
    write("services:\n" + service("a", "one") + service("b", "one"));
    AgentProcess agent = agent();
    try (RemoteBerth client = agent.client()) {
      String a = running(client, "a").containerId();
      String b = running(client, "b").containerId();

      write("services:\n" + service("a", "one") + service("b", "two"));
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  !b.equals(client.services().inspect("b").containerId())
                      && client.services().inspect("b").status().equals("running"));
      assertThat(client.services().inspect("a").containerId()).isEqualTo(a);

      write("services:\n  a:\n    image: " + app.reference() + "\n    stopTimeout: soon\n");
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> client.services().config().lastError() != null);
      ConfigStatus status = client.services().config();
      assertThat(status.lastError()).contains("services.a.stopTimeout");
      assertThat(client.services().list())
          .extracting(ServiceInfo::name)
          .containsExactlyInAnyOrder("a", "b");
      assertThat(client.services().inspect("a").containerId())
          .as("what runs is untouched")
          .isEqualTo(a);
    }
  }

  private static io.berth.api.TaskInfo helper(RemoteBerth client) {
    return client.services().inspect("single").tasks().stream()
        .filter(t -> t.name().equals("helper"))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void sigusr1_togglesMaintenanceForEveryService() throws Exception {
    write("services:\n" + service("a", "one") + service("b", "two"));
    AgentProcess agent = agent();
    try (RemoteBerth client = agent.client()) {
      running(client, "a");
      running(client, "b");
      new ProcessBuilder("kill", "-USR1", Long.toString(agent.pid())).start().waitFor();
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> client.services().list().stream().allMatch(ServiceInfo::maintenance));
      new ProcessBuilder("kill", "-USR1", Long.toString(agent.pid())).start().waitFor();
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> client.services().list().stream().noneMatch(ServiceInfo::maintenance));
      assertThat(running(client, "a").status()).isEqualTo("running");
    }
  }

  @Test
  void sighup_reloads() throws Exception {
    write("services:\n" + service("a", "one"));
    AgentProcess agent = agent();
    try (RemoteBerth client = agent.client()) {
      running(client, "a");
      // same content, so the file watch stays quiet: only SIGHUP reloads
      java.time.Instant before = client.services().config().loaded();
      Thread.sleep(50);
      new ProcessBuilder("kill", "-HUP", Long.toString(agent.pid())).start().waitFor();
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> client.services().config().loaded().isAfter(before));
    }
  }

  @Test
  void agentKilled_nextStartDoesNotRunASecondCopy_andAdoptsItsTasks() throws Exception {
    write(
        "services:\n"
            + service("single", "one")
            + """
                tasks:
                  helper: {role: sidecar, command: [sleep, "3600"]}
            """);
    AgentProcess first = agent();
    String container;
    int helperPid;
    try (RemoteBerth client = first.client()) {
      container = running(client, "single").containerId();
      await().atMost(Duration.ofSeconds(20)).until(() -> helper(client).pid() > 0);
      helperPid = helper(client).pid();
    }
    first.crash();

    AgentProcess second = agent();

    try (RemoteBerth client = second.client()) {
      ServiceInfo single = running(client, "single");
      assertThat(single.containerId()).isEqualTo(container);
      // the sidecar ran on while no agent watched it, and the new agent took it over
      assertThat(helper(client).pid()).isEqualTo(helperPid);
      assertThat(
              single.tasks().stream()
                  .filter(t -> t.name().equals("main"))
                  .findFirst()
                  .orElseThrow()
                  .pid())
          .isPositive();
      Thread.sleep(2000);
      long runningOfService =
          client.containers().list(false).stream()
              .filter(c -> c.name().startsWith("single-"))
              .count();
      assertThat(runningOfService).isEqualTo(1);
    }
  }

  @Test
  void frontloadersOwnConfig_runsUnchangedButForTheRegistryAndHostPaths() throws Exception {
    Layer project =
        Layer.builder()
            .directory("usr/local/bin")
            .file(
                "usr/local/bin/myproject",
                Content.of("#!/bin/sh\necho \"env=$ENV config=$CONFIG\"; id -u; exec sleep 3600\n"),
                EntryAttributes.mode(0755))
            .build();
    TestImages.busybox(registry, "myorg/myproject:latest", Busybox.config(), project);
    Path devLog = Files.createDirectories(home.directory().resolve("devlog"));
    Path projectDir = Files.createDirectories(home.directory().resolve("myproject"));
    String seed;
    try (var in = getClass().getResourceAsStream("/io/berth/config/frontloader-seed.json")) {
      seed = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    config = home.directory().resolve("frontloader.json");
    Files.writeString(
        config,
        seed.replace(
                "https://registry.hub.docker.com/v2/myorg/myproject/manifests/latest",
                "http://" + registry.host() + "/v2/myorg/myproject/manifests/latest")
            .replace("\"/dev/log\": \"/dev/log\"", "\"/dev/log\": \"" + devLog + "\"")
            .replace("\"/myproject\": \"/myproject\"", "\"/myproject\": \"" + projectDir + "\""));

    AgentProcess agent = agent();

    try (RemoteBerth client = agent.client()) {
      ServiceInfo service = running(client, "myproject");
      List<String> lines = new ArrayList<>();
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () -> {
                lines.clear();
                client
                    .containers()
                    .logs(service.containerId(), LogQuery.ALL, l -> lines.add(l.text()));
                return lines.size() >= 2;
              });
      assertThat(lines).containsExactly("env=production config={\"foo\":\"bar\"}", "1000");
      assertThat(service.declaration().path("stop").path("neverKill").asBoolean()).isTrue();
      assertThat(client.services().config().warnings())
          .anyMatch(w -> w.contains("kernel"))
          .anyMatch(w -> w.contains("xfs"));
    }
  }
}
