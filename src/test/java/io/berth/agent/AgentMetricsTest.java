package io.berth.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.berth.api.ContainerDetails;
import io.berth.api.CreateContainer;
import io.berth.api.PullProgress;
import io.berth.api.ServiceInstance;
import io.berth.api.client.RemoteBerth;
import io.berth.discovery.Addresses;
import io.berth.discovery.HostInterface;
import io.berth.discovery.Registrar;
import io.berth.logging.AgentLog;
import io.berth.spec.BerthConfig;
import io.berth.spec.ContainerSpec;
import io.berth.spec.LogOverrides;
import io.berth.spec.LoggingSpec;
import io.berth.spec.RegistrationSpec;
import io.berth.spec.ServiceSpec;
import io.berth.spec.TelemetrySpec;
import io.berth.testing.AgentProcess;
import io.berth.testing.BerthHome;
import io.berth.testing.ExposedMetrics;
import io.berth.testing.FreePort;
import io.berth.testing.Promtool;
import io.berth.testing.PushedImage;
import io.berth.testing.TestImages;
import io.berth.testing.TestRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * The agent's metrics with real containers from a real registry: scraped over the API socket and
 * over TCP, checked by promtool; and the config's telemetry and logging blocks, applied at start
 * and on reload.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class AgentMetricsTest {
  private static TestRegistry registry;
  private static PushedImage app;
  private final AtomicReference<BerthConfig> config =
      new AtomicReference<>(BerthConfig.empty("test"));
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private BerthHome home;
  private EmbeddedAgent agent;

  @BeforeAll
  static void startRegistry() {
    registry = TestRegistry.plain();
    app = TestImages.busyboxVersion(registry, "metrics/app:latest", 1);
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
  void cleanUp() {
    try {
      if (agent != null) {
        agent.close(); // stops every service and container
      }
    } finally {
      AgentLog.restoreDefaults();
      http.close();
      home.close();
    }
  }

  private EmbeddedAgent start(InetSocketAddress metrics, LogOverrides logging) throws IOException {
    ConfigLoader loader = () -> new ConfigLoader.Loaded(config.get(), List.of());
    agent =
        EmbeddedAgent.start(
            home.settings(),
            new AgentOptions(
                Engine.Recovery.stop, loader, null, null, null, null, metrics, logging));
    return agent;
  }

  private static ServiceSpec sleeper(String name) {
    ContainerSpec container =
        new ContainerSpec(
            app.reference(),
            null,
            null,
            List.of("sh", "-c", "exec sleep 3600"),
            null,
            null,
            null,
            null,
            null,
            false,
            null,
            null,
            false,
            null,
            null,
            false,
            null);
    return new ServiceSpec(
        name,
        container,
        null,
        new ServiceSpec.UpdatePolicy(
            false,
            Duration.ofHours(1),
            Duration.ZERO,
            ServiceSpec.UpdatePolicy.Order.START_FIRST,
            Duration.ofSeconds(1),
            Duration.ofSeconds(30)),
        new ServiceSpec.StopPolicy(null, Duration.ofSeconds(2), false));
  }

  private static BerthConfig config(
      Map<String, ServiceSpec> services, LoggingSpec logging, TelemetrySpec telemetry) {
    return new BerthConfig(null, null, services, "test", logging, telemetry);
  }

  private void awaitRunning(String service) {
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> agent.berth().services().inspect(service).status().equals("running"));
  }

  @Test
  void scrape_overTheSocketAndTcp_showsContainersServicesAndPulls_andPassesPromtool()
      throws Exception {
    config.set(config(Map.of("web", sleeper("web")), null, null));
    start(new InetSocketAddress("127.0.0.1", 0), null);
    awaitRunning("web");
    var containers = agent.berth().containers();
    ContainerDetails three =
        containers.create(
            CreateContainer.builder(app.reference())
                .name("three")
                .command(List.of("sh", "-c", "exit 3"))
                .build(),
            PullProgress.NONE);
    containers.start(three.id());
    assertThat(containers.await(three.id(), Duration.ofSeconds(30)).exitCode()).isEqualTo(3);
    ContainerDetails capped =
        containers.create(
            CreateContainer.builder(app.reference())
                .name("capped")
                .command(List.of("sleep", "3600"))
                .memory(64L << 20)
                .pidsLimit(50)
                .build(),
            PullProgress.NONE);
    containers.start(capped.id());

    Scraped socket = overSocket(agent.socket(), null);
    HttpResponse<String> tcp = overTcp(agent.metricsPort().orElseThrow(), null);

    assertThat(socket.status()).isEqualTo(200);
    assertThat(socket.contentType()).startsWith("text/plain; version=0.0.4");
    assertThat(tcp.statusCode()).isEqualTo(200);
    Promtool.checkMetrics(socket.body());
    Promtool.checkMetrics(tcp.body());
    ExposedMetrics metrics = ExposedMetrics.parse(socket.body());

    List<ExposedMetrics.Sample> webMemory =
        metrics.find("berth_container_memory_bytes", "service", "web");
    assertThat(webMemory).hasSize(1);
    assertThat(webMemory.getFirst().labels().get("container")).startsWith("web-");
    assertThat(webMemory.getFirst().value()).isPositive();
    assertThat(metrics.value("berth_container_pids", "service", "web"))
        .hasValueSatisfying(pids -> assertThat(pids).isGreaterThanOrEqualTo(1));
    assertThat(metrics.value("berth_container_cpu_seconds_total", "service", "web")).isPresent();
    assertThat(metrics.value("berth_container_io_read_bytes_total", "service", "web")).isPresent();
    assertThat(metrics.value("berth_container_memory_limit_bytes", "container", "capped"))
        .contains((double) (64L << 20));
    assertThat(metrics.value("berth_container_pids_limit", "container", "capped")).contains(50.0);
    assertThat(metrics.find("berth_container_memory_limit_bytes", "service", "web")).isEmpty();

    assertThat(metrics.value("berth_container_exits_total", "service", "", "code", "3"))
        .contains(1.0);
    assertThat(metrics.value("berth_container_starts_total", "service", "web")).contains(1.0);
    assertThat(metrics.value("berth_container_starts_total", "service", "")).contains(2.0);
    assertThat(metrics.value("berth_containers", "state", "running")).contains(2.0);
    assertThat(metrics.value("berth_containers", "state", "exited")).contains(1.0);
    assertThat(metrics.value("berth_services", "status", "running")).contains(1.0);
    assertThat(metrics.value("berth_image_pulled_bytes_total"))
        .contains((double) app.imageManifest().layersSize());
    assertThat(metrics.value("berth_image_pull_duration_seconds_count", "result", "success"))
        .isPresent();
    assertThat(metrics.value("process_resident_memory_bytes"))
        .hasValueSatisfying(rss -> assertThat(rss).isPositive());
    assertThat(metrics.has("jvm_threads_current")).isTrue();
    assertThat(socket.body()).doesNotContain(three.id()).doesNotContain(capped.id());

    containers.remove(capped.id(), true);
    ExposedMetrics after = ExposedMetrics.parse(overSocket(agent.socket(), null).body());
    assertThat(after.find("berth_container_memory_bytes", "container", "capped")).isEmpty();
    assertThat(after.value("berth_containers", "state", "running")).contains(1.0);
  }

  @Test
  void sensors_runInTheContainer_theirNumbersAreMetrics_andGarbageIsReportedNotRecorded()
      throws Exception {
    String yaml =
        """
        services:
          worker:
            image: %s
            update: false
            command: [sleep, "3600"]
            sensors:
              - {name: worker_queue_depth, help: "jobs waiting", type: gauge, command: [echo, "42"], interval: 300ms}
              - {name: worker_jobs_total, type: counter, command: [echo, "2"], interval: 300ms}
              - {name: worker_broken, type: gauge, command: [echo, "not a number"], interval: 300ms}
        """
            .formatted(app.reference());
    ServiceSpec worker =
        io.berth.config.ConfigParser.of(home.settings().root().resolve("volumes"))
            .parse(yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8), "test.yaml")
            .config()
            .services()
            .get("worker");
    config.set(config(Map.of("worker", worker), null, null));
    java.util.List<io.berth.events.Event> failures =
        java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    start(null, null);
    agent.engine().eventBus().subscribe(e -> e.type().equals("sensor.fail"), failures::add);

    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                scrape().value("worker_queue_depth", "service", "worker").orElse(0.0) == 42.0
                    && scrape().value("worker_jobs_total", "service", "worker").orElse(0.0) >= 4.0);
    assertThat(scrape().find("worker_broken", "service", "worker")).isEmpty();
    await().atMost(Duration.ofSeconds(10)).until(() -> !failures.isEmpty());
    assertThat(failures.getFirst().attributes().get("error")).contains("not a number");
    assertThat(agent.berth().services().inspect("worker").status()).isEqualTo("running");
    Promtool.checkMetrics(overSocket(agent.socket(), null).body());
  }

  @Test
  void openMetricsAccept_overTheSocket_getsOpenMetrics() throws Exception {
    start(null, null);

    Scraped open =
        overSocket(agent.socket(), "application/openmetrics-text;version=1.0.0;charset=utf-8");

    assertThat(open.status()).isEqualTo(200);
    assertThat(open.contentType()).startsWith("application/openmetrics-text; version=1.0.0");
    assertThat(open.body()).endsWith("# EOF\n");
    assertThat(agent.metricsPort()).isEmpty();
  }

  @Test
  void serviceExitingWithThree_isCountedUnderItsService_andRemovingTheServiceDropsItsSeries()
      throws Exception {
    ContainerSpec crash =
        new ContainerSpec(
            app.reference(),
            null,
            null,
            List.of("sh", "-c", "sleep 1; exit 3"),
            null,
            null,
            null,
            null,
            null,
            false,
            null,
            null,
            false,
            null,
            null,
            false,
            null);
    ServiceSpec crasher =
        new ServiceSpec(
            "crasher",
            crash,
            new ServiceSpec.RestartPolicy(
                ServiceSpec.RestartPolicy.Mode.NEVER,
                1,
                Duration.ofMinutes(1),
                Duration.ofMillis(100),
                Duration.ofMillis(200)),
            sleeper("crasher").update(),
            sleeper("crasher").stop());
    config.set(config(Map.of("crasher", crasher), null, null));
    start(null, null);

    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                scrape()
                        .value("berth_container_exits_total", "service", "crasher", "code", "3")
                        .orElse(0.0)
                    == 1.0);
    // the service hears of the exit after the runtime published it
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> scrape().value("berth_services", "status", "exited").orElse(0.0) == 1.0);

    config.set(config(Map.of(), null, null));
    assertThat(agent.berth().services().reload().lastError()).isNull();

    ExposedMetrics after = scrape();
    assertThat(after.find("berth_container_exits_total", "service", "crasher")).isEmpty();
    assertThat(after.find("berth_container_starts_total", "service", "crasher")).isEmpty();
  }

  @Test
  void telemetryAndLoggingBlocks_areAppliedAtStart_andOnReload() throws Exception {
    Path jsonLog = home.directory().resolve("logs/agent.json");
    Path textLog = home.directory().resolve("agent.log");
    int first = FreePort.find();
    config.set(
        config(
            Map.of(),
            new LoggingSpec(
                LoggingSpec.Level.INFO, LoggingSpec.Format.JSON, jsonLog.toString(), 1 << 20, 2),
            new TelemetrySpec("127.0.0.1:" + first)));
    start(null, LogOverrides.NONE);
    var log = LoggerFactory.getLogger("io.berth.agent.AgentMetricsTest");

    assertThat(agent.metricsPort()).contains(first);
    assertThat(overTcp(first, null).statusCode()).isEqualTo(200);
    log.info("marker one");
    assertThat(Files.readAllLines(jsonLog)).anyMatch(l -> l.contains("\"message\":\"marker one\""));

    int second = FreePort.find();
    config.set(
        config(
            Map.of(),
            new LoggingSpec(
                LoggingSpec.Level.WARN, LoggingSpec.Format.TEXT, textLog.toString(), 1 << 20, 2),
            new TelemetrySpec("127.0.0.1:" + second)));
    assertThat(agent.berth().services().reload().lastError()).isNull();

    assertThat(agent.metricsPort()).contains(second);
    assertThat(overTcp(second, null).statusCode()).isEqualTo(200);
    assertThatRefused(first);
    log.info("marker two");
    log.warn("marker three");
    String text = Files.readString(textLog);
    assertThat(text).doesNotContain("marker two").contains("AgentMetricsTest: marker three");
    assertThat(Files.readString(jsonLog)).doesNotContain("marker three");

    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      config.set(
          config(
              Map.of(),
              new LoggingSpec(
                  LoggingSpec.Level.WARN, LoggingSpec.Format.TEXT, textLog.toString(), 1 << 20, 2),
              new TelemetrySpec("127.0.0.1:" + taken.getLocalPort())));
      String error = agent.berth().services().reload().lastError();

      assertThat(error).contains("cannot serve metrics on 127.0.0.1:" + taken.getLocalPort());
      assertThat(agent.metricsPort()).contains(second);
      assertThat(overTcp(second, null).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void register_announcesTheListenerInDiscovery_atItsAddressOrTheHosts_untilTheConfigSaysNo()
      throws Exception {
    int port = FreePort.find();
    config.set(
        config(
            Map.of(),
            null,
            new TelemetrySpec("127.0.0.1:" + port, new TelemetrySpec.Register(null, null))));
    start(null, null);

    ServiceInstance loopback = awaitOneInstance("berth-telemetry");
    assertThat(loopback.id()).isEqualTo("berth-telemetry-" + Registrar.localHostname());
    assertThat(loopback.address()).isEqualTo("127.0.0.1");
    assertThat(loopback.port()).isEqualTo(port);
    assertThat(loopback.tags()).isEmpty();

    // on every address: the host's own, as a service on the host's network gets it
    int all = FreePort.find();
    config.set(
        config(
            Map.of(),
            null,
            new TelemetrySpec(
                "0.0.0.0:" + all, new TelemetrySpec.Register("metrics", List.of("prom")))));
    agent.reload();
    ServiceInstance host = awaitOneInstance("metrics");
    assertThat(host.id()).isEqualTo("metrics-" + Registrar.localHostname());
    assertThat(host.address())
        .isEqualTo(
            Addresses.of(RegistrationSpec.port(all), true, HostInterface::host).getHostAddress())
        .isNotEqualTo("0.0.0.0");
    assertThat(host.port()).isEqualTo(all);
    assertThat(host.tags()).containsExactly("prom");
    assertThat(agent.berth().discovery().list("berth-telemetry")).isEmpty();

    config.set(config(Map.of(), null, new TelemetrySpec("0.0.0.0:" + all)));
    agent.reload();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> agent.berth().discovery().list("metrics").isEmpty());
    assertThat(overTcp(all, null).statusCode()).isEqualTo(200);
  }

  private ServiceInstance awaitOneInstance(String service) {
    AtomicReference<List<ServiceInstance>> found = new AtomicReference<>(List.of());
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              found.set(agent.berth().discovery().list(service));
              return found.get().size() == 1;
            });
    return found.get().getFirst();
  }

  @Test
  void metricsFlag_winsOverTheConfigsListen() throws Exception {
    int flag = FreePort.find();
    int configured = FreePort.find();
    config.set(config(Map.of(), null, new TelemetrySpec("127.0.0.1:" + configured)));
    start(new InetSocketAddress("127.0.0.1", flag), null);

    assertThat(agent.metricsPort()).contains(flag);
    assertThat(overTcp(flag, null).statusCode()).isEqualTo(200);
    assertThatRefused(configured);
  }

  @Test
  void berthAgent_servesMetricsOnItsSocketAndTcp_logsWhereConfigAndFlagsSay_andReloadsTheLevel()
      throws Exception {
    Path file = home.directory().resolve("berth.yaml");
    Path log = home.directory().resolve("logs/agent.json");
    int port = FreePort.find();
    Files.writeString(file, agentConfig("warn", log));
    try (AgentProcess process =
            AgentProcess.start(
                home,
                environment -> environment.remove("BERTH_LOG_LEVEL"),
                "-c",
                file.toString(),
                "--metrics",
                "127.0.0.1:" + port,
                "--log-format",
                "json");
        RemoteBerth client = process.client()) {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> client.services().inspect("web").status().equals("running"));

      HttpResponse<String> tcp = overTcp(port, null);
      Scraped socket = overSocket(home.state().resolve("berth.sock"), null);

      assertThat(tcp.statusCode()).isEqualTo(200);
      assertThat(socket.status()).isEqualTo(200);
      Promtool.checkMetrics(tcp.body());
      Promtool.checkMetrics(socket.body());
      ExposedMetrics metrics = ExposedMetrics.parse(tcp.body());
      assertThat(metrics.value("berth_services", "status", "running")).contains(1.0);
      assertThat(metrics.value("berth_containers", "state", "running")).contains(1.0);
      assertThat(metrics.value("berth_container_starts_total", "service", "web")).contains(1.0);
      assertThat(metrics.value("berth_container_memory_bytes", "service", "web"))
          .hasValueSatisfying(bytes -> assertThat(bytes).isPositive());
      assertThat(metrics.value("berth_image_pull_duration_seconds_count", "result", "success"))
          .contains(1.0);
      assertThat(metrics.value("process_resident_memory_bytes"))
          .hasValueSatisfying(rss -> assertThat(rss).isPositive());
      assertThat(ExposedMetrics.parse(socket.body()).value("berth_services", "status", "running"))
          .contains(1.0);
      // WARN from the config: the INFO lines of the start went nowhere, not even to stderr
      assertThat(Files.exists(log) ? Files.readString(log) : "").doesNotContain("unchanged");
      assertThat(process.log()).doesNotContain("berth agent ready");

      Files.writeString(file, agentConfig("info", log));

      // the reload applies INFO before the services, whose summary is then written as JSON
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  Files.readAllLines(log).stream()
                      .anyMatch(
                          line ->
                              line.startsWith("{")
                                  && line.contains("\"level\":\"INFO\"")
                                  && line.contains("[web] unchanged\"")));
      assertThat(client.services().config().lastError()).isNull();
    } finally {
      sweep();
    }
  }

  @Test
  void berthAgent_unknownLogLevel_isRefusedAsBadUsageNamingTheFlag() {
    AgentProcess.Refusal refused = AgentProcess.startRefused(home, "--log-level", "loud");

    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.output())
        .contains("--log-level")
        .contains("unknown log level 'loud': expected TRACE, DEBUG, INFO, WARN, ERROR or OFF");
  }

  private String agentConfig(String level, Path log) {
    return """
        logging:
          level: %s
          format: text
          output: %s
        services:
          web:
            image: %s
            command: [sh, -c, "exec sleep 3600"]
            update: false
            stopTimeout: 2s
        """
        .formatted(level, log, app.reference());
  }

  /** Removes what agent processes left in the home: their services' stopped containers. */
  private void sweep() {
    try (AgentProcess sweeper = AgentProcess.start(home, "--on-restart", "stop");
        RemoteBerth client = sweeper.client()) {
      client.containers().list(true).forEach(c -> client.containers().remove(c.id(), true));
    }
  }

  // ------------------------------------------------------------------ scraping

  private ExposedMetrics scrape() {
    return ExposedMetrics.parse(overSocket(agent.socket(), null).body());
  }

  private HttpResponse<String> overTcp(int port, String accept) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
            .timeout(Duration.ofSeconds(10));
    if (accept != null) {
      request.header("Accept", accept);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private void assertThatRefused(int port) {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> overTcp(port, null))
        .isInstanceOf(ConnectException.class);
  }

  /** One response over the Unix socket. */
  record Scraped(int status, String contentType, String body) {}

  /** {@code GET /metrics} over the API's Unix socket, as Prometheus would with a socket proxy. */
  static Scraped overSocket(Path socket, String accept) {
    String request =
        "GET /metrics HTTP/1.1\r\nHost: berth\r\nConnection: close\r\n"
            + (accept == null ? "" : "Accept: " + accept + "\r\n")
            + "\r\n";
    try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
      ByteBuffer out = ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII));
      while (out.hasRemaining()) {
        channel.write(out);
      }
      ByteArrayOutputStream in = new ByteArrayOutputStream();
      ByteBuffer buffer = ByteBuffer.allocate(64 << 10);
      while (channel.read(buffer.clear()) != -1) {
        in.write(buffer.array(), 0, buffer.position());
      }
      String text = in.toString(StandardCharsets.UTF_8);
      int end = text.indexOf("\r\n\r\n");
      String[] head = text.substring(0, end).split("\r\n");
      Map<String, String> headers = new LinkedHashMap<>();
      for (int i = 1; i < head.length; i++) {
        int colon = head[i].indexOf(':');
        headers.put(
            head[i].substring(0, colon).toLowerCase(), head[i].substring(colon + 1).strip());
      }
      return new Scraped(
          Integer.parseInt(head[0].split(" ")[1]),
          headers.get("content-type"),
          text.substring(end + 4));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
