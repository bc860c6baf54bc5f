package io.berth.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.berth.spec.BackendSpec;
import io.berth.spec.CheckSpec;
import io.berth.spec.InterfaceSpec;
import io.berth.spec.InterfaceSpec.Family;
import io.berth.spec.Lifecycle;
import io.berth.spec.RegistrationSpec;
import io.berth.spec.SensorSpec;
import io.berth.spec.ServiceSpec;
import io.berth.spec.TaskSpec;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ContainerPilot v2 configs become berth services that berth's own parser reads back. */
class ContainerPilotImportTest {
  private static final ConfigParser PARSER = ConfigParser.of(Path.of("/var/lib/berth/volumes"));
  private static final String IMAGE = "registry.example.com/shop/app:1.2";

  /** The example of ContainerPilot's documentation (the seed), as written there. */
  static final String DOCUMENTED =
      """
      {
        "consul": "consul:8500",
        "onStart": "/opt/containerpilot/onStart-script.sh {{.ENV_VAR_NAME}}",
        "logging": {
          "level": "INFO",
          "format": "default",
          "output": "stdout"
        },
        "stopTimeout": 5,
        "preStop": "/opt/containerpilot/preStop-script.sh",
        "postStop": "/opt/containerpilot/postStop-script.sh",
        "services": [
          {
            "name": "app",
            "port": 80,
            "health": [
              "/usr/bin/curl",
              "--fail",
              "-s",
              "http://localhost/app"
            ],
            "interfaces": [
              "eth0",
              "eth1[1]",
              "192.168.0.0/16",
              "2001:db8::/64",
              "eth2:inet",
              "eth2:inet6",
              "inet",
              "inet6"
            ],
            "poll": 10,
            "ttl": 30,
            "tags": ["tag1"]
          }
        ],
        "backends": [
          {
            "name": "nginx",
            "poll": 30,
            "onChange": "/opt/containerpilot/reload-app.sh"
          },
          {
            "name": "app",
            "poll": 10,
            "onChange": "/opt/containerpilot/reload-app.sh"
          }
        ],
        "telemetry": {
          "port": 9090,
          "sensors": [
             {
              "name": "metric_id",
              "help": "help text",
              "type": "counter",
              "poll": 5,
              "check": ["/bin/sensor.sh"]
            }
          ]
        }
      }
      """;

  private static ContainerPilotImport.Result convert(String json) {
    return ContainerPilotImport.convert(json, "app.json", IMAGE, null, List.of(), Map.of());
  }

  /** The declaration as berth's config parser reads it, with no warning. */
  private static ServiceSpec readBack(String text, String source) {
    ParsedConfig parsed = PARSER.parse(text.getBytes(StandardCharsets.UTF_8), source);
    assertThat(parsed.warnings()).as(text).isEmpty();
    assertThat(parsed.config().services()).hasSize(1);
    return parsed.config().services().values().iterator().next();
  }

  private static List<String> notImported(ContainerPilotImport.Result result) {
    return result.notImported().stream().map(Object::toString).toList();
  }

  @Test
  void theDocumentedExample_becomesAServiceWithTheSameLifecycle() {
    ContainerPilotImport.Result result =
        ContainerPilotImport.convert(
            DOCUMENTED,
            "app.json",
            IMAGE,
            null,
            List.of("/app/server", "--port", "80"),
            Map.of("ENV_VAR_NAME", "hello world"));

    for (String text : List.of(result.yaml(), result.json())) {
      ServiceSpec service = readBack(text, text.startsWith("{") ? "app.json" : "app.yaml");
      assertThat(service.name()).isEqualTo("app");
      assertThat(service.image()).isEqualTo(IMAGE);
      assertThat(service.container().command()).containsExactly("/app/server", "--port", "80");
      assertThat(service.stop().timeout()).isEqualTo(Duration.ofSeconds(5));
      Lifecycle lifecycle = service.lifecycle();
      assertThat(lifecycle.tasks()).extracting(TaskSpec::name).containsExactly("main", "onStart");
      TaskSpec onStart = lifecycle.task("onStart");
      assertThat(onStart.role()).isEqualTo(TaskSpec.Role.INIT);
      // the template is rendered first; a string command is split at spaces, as ContainerPilot does
      assertThat(onStart.process().command())
          .containsExactly("/opt/containerpilot/onStart-script.sh", "hello", "world");
      assertThat(lifecycle.preStop().process().command())
          .containsExactly("/opt/containerpilot/preStop-script.sh");
      assertThat(lifecycle.postStop().process().command())
          .containsExactly("/opt/containerpilot/postStop-script.sh");
      assertThat(lifecycle.main().process()).isNull();
      assertThat(lifecycle.main().checks()).hasSize(1);
      CheckSpec check = lifecycle.main().checks().getFirst();
      assertThat(check.name()).isEqualTo("app");
      assertThat(check.kind()).isEqualTo(CheckSpec.Kind.EXEC);
      assertThat(check.exec().command())
          .containsExactly("/usr/bin/curl", "--fail", "-s", "http://localhost/app");
      assertThat(check.interval()).isEqualTo(Duration.ofSeconds(10));
      assertThat(check.timeout()).isEqualTo(Duration.ofSeconds(10));
      assertThat(check.ttl()).isEqualTo(Duration.ofSeconds(30));
    }
    assertThat(notImported(result))
        .containsExactly(
            "not imported: consul: berth registers in its own discovery store (the agent's"
                + " discovery section: embedded or etcd), not in Consul",
            "not imported: logging: berth keeps the container's output in its own log;"
                + " ContainerPilot's level, format and output do not apply",
            "not imported: backends[0].poll: berth is told of changes by the registry's watch;"
                + " nothing polls",
            "not imported: backends[1].poll: berth is told of changes by the registry's watch;"
                + " nothing polls",
            "not imported: telemetry.port: the agent serves every service's sensors on its own"
                + " /metrics: set telemetry.listen (and register) in the agent's config",
            "not imported: telemetry.sensors[0].name: a counter's name ends in _total in berth"
                + " (Prometheus's rule): imported as metric_id_total");
  }

  @Test
  void theDocumentedExample_registersWithItsPortTagsAndInterfaces_followsItsBackends_andSenses()
      throws Exception {
    ContainerPilotImport.Result result = convert(DOCUMENTED);
    for (String text : List.of(result.yaml(), result.json())) {
      ServiceSpec service = readBack(text, text.startsWith("{") ? "app.json" : "app.yaml");
      RegistrationSpec registration = service.registration();
      assertThat(registration.port()).isEqualTo(80);
      assertThat(registration.tags()).containsExactly("tag1");
      assertThat(registration.interfaces())
          .containsExactly(
              new InterfaceSpec.Named("eth0", Family.INET),
              new InterfaceSpec.Indexed("eth1", 1),
              new InterfaceSpec.Network(InetAddress.getByName("192.168.0.0"), 16),
              new InterfaceSpec.Network(InetAddress.getByName("2001:db8::"), 64),
              new InterfaceSpec.Named("eth2", Family.INET),
              new InterfaceSpec.Named("eth2", Family.INET6),
              new InterfaceSpec.Any(Family.INET),
              new InterfaceSpec.Any(Family.INET6));
      assertThat(registration.address()).isNull();
      Lifecycle lifecycle = service.lifecycle();
      assertThat(lifecycle.backends())
          .extracting(BackendSpec::name)
          .containsExactly("nginx", "app");
      for (BackendSpec backend : lifecycle.backends()) {
        assertThat(backend.onChange().command())
            .containsExactly("/opt/containerpilot/reload-app.sh");
        assertThat(backend.file()).isNull();
        assertThat(backend.settle()).isEqualTo(Duration.ofSeconds(1));
      }
      assertThat(lifecycle.sensors()).hasSize(1);
      SensorSpec sensor = lifecycle.sensors().getFirst();
      assertThat(sensor.name()).isEqualTo("metric_id_total");
      assertThat(sensor.help()).isEqualTo("help text");
      assertThat(sensor.type()).isEqualTo("counter");
      assertThat(sensor.command().command()).containsExactly("/bin/sensor.sh");
      assertThat(sensor.interval()).isEqualTo(Duration.ofSeconds(5));
      assertThat(sensor.timeout()).isEqualTo(Duration.ofSeconds(5));
    }
  }

  @Test
  void onlyTheFirstServiceWithAPort_isRegistered_underTheBerthName() throws Exception {
    ContainerPilotImport.Result result =
        ContainerPilotImport.convert(
            """
            {"services": [{"name": "web", "port": 8080, "tags": "v1", "interfaces": "static:192.0.2.7",
                           "health": "/bin/true", "poll": 5},
                          {"name": "admin", "port": 9000, "tags": ["x"]}]}
            """,
            "a.json",
            IMAGE,
            "shop",
            List.of(),
            Map.of());
    ServiceSpec service = readBack(result.yaml(), "a.yaml");
    assertThat(service.name()).isEqualTo("shop");
    assertThat(service.registration().port()).isEqualTo(8080);
    assertThat(service.registration().tags()).containsExactly("v1");
    assertThat(service.registration().interfaces())
        .containsExactly(new InterfaceSpec.Static(InetAddress.getByName("192.0.2.7")));
    String once =
        "berth registers a service once, with services[0]'s port; declare this one as a berth"
            + " service of its own";
    assertThat(notImported(result))
        .containsExactly(
            "not imported: services[0].name: the service is registered as shop, its berth name",
            "not imported: services[1].name: " + once,
            "not imported: services[1].port: " + once,
            "not imported: services[1].tags: " + once);
  }

  @Test
  void backendsWithoutOnChange_andSensorsBerthRefuses_areSaid() {
    ContainerPilotImport.Result result =
        convert(
            """
            {"backends": [{"name": "db", "poll": 3}, {"name": "cache", "onChange": "/bin/r", "x": 1}],
             "telemetry": {"port": 9090, "interfaces": ["eth0"], "tags": ["t"],
                           "sensors": [{"name": "bad-name", "type": "gauge", "poll": 5, "check": "/bin/s"},
                                       {"name": "load", "poll": 1, "check": "/bin/load", "y": 2}]}}
            """);
    ServiceSpec service = readBack(result.yaml(), "a.yaml");
    assertThat(service.lifecycle().backends())
        .extracting(BackendSpec::name)
        .containsExactly("cache");
    assertThat(service.lifecycle().sensors()).extracting(SensorSpec::name).containsExactly("load");
    assertThat(service.lifecycle().sensors().getFirst().type()).isEqualTo("gauge");
    String agents =
        "the agent serves every service's sensors on its own /metrics: set telemetry.listen (and"
            + " register) in the agent's config";
    assertThat(notImported(result))
        .containsExactly(
            "not imported: backends[0]: it has no onChange, so nothing would follow db",
            "not imported: backends[1].x: not a field of a ContainerPilot v2 backend",
            "not imported: telemetry.port: " + agents,
            "not imported: telemetry.interfaces: " + agents,
            "not imported: telemetry.tags: " + agents,
            "not imported: telemetry.sensors[0]: invalid metric name 'bad-name': letters, digits,"
                + " '_' and ':', not starting with a digit",
            "not imported: telemetry.sensors[1].y: not a field of a ContainerPilot v2 sensor");
  }

  @Test
  void theYaml_isPlainToRead() {
    String yaml =
        ContainerPilotImport.convert(
                "{\"onStart\": \"/bin/setup\", \"preStop\": [\"/bin/drain\", \"--all\"]}",
                "app.json",
                IMAGE,
                "shop",
                List.of("/app/server"),
                Map.of())
            .yaml();
    assertThat(yaml)
        .isEqualTo(
            """
            services:
              shop:
                image: registry.example.com/shop/app:1.2
                command:
                  - /app/server
                stopTimeout: 5s
                tasks:
                  onStart:
                    role: init
                    command:
                      - /bin/setup
                hooks:
                  preStop:
                    - /bin/drain
                    - --all
            """);
  }

  @Test
  void wordsThatLookLikeOtherThings_stayText() {
    List<String> odd =
        List.of("/app", "80", "true", "yes", "null", "~", "a: b", "#x", "- y", "{z}", "'q'", "é");
    ContainerPilotImport.Result result =
        ContainerPilotImport.convert("{}", "app.json", IMAGE, "app", odd, Map.of());
    assertThat(readBack(result.yaml(), "app.yaml").container().command()).isEqualTo(odd);
    assertThat(readBack(result.json(), "app.json").container().command()).isEqualTo(odd);
  }

  @Test
  void theName_isGiven_orTheFirstServices_orTheImages() {
    String twoServices =
        """
        {"services": [{"name": "web", "health": "/bin/true", "poll": 5},
                      {"name": "admin", "health": "/bin/true", "poll": 5}]}
        """;
    assertThat(convert(twoServices).name()).isEqualTo("web");
    assertThat(
            ContainerPilotImport.convert(twoServices, "a.json", IMAGE, "shop", List.of(), Map.of())
                .name())
        .isEqualTo("shop");
    assertThat(convert("{}").name()).isEqualTo("app");
    ServiceSpec service = readBack(convert(twoServices).yaml(), "a.yaml");
    assertThat(service.lifecycle().main().checks())
        .extracting(CheckSpec::name)
        .containsExactly("web", "admin");
    assertThatThrownBy(
            () ->
                ContainerPilotImport.convert("{}", "a.json", IMAGE, "no way", List.of(), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid service name 'no way'");
  }

  @Test
  void stopTimeout_defaultsToContainerPilots5s_andMinusOneKillsAtOnce() {
    assertThat(readBack(convert("{}").yaml(), "a.yaml").stop().timeout())
        .isEqualTo(Duration.ofSeconds(5));
    assertThat(readBack(convert("{\"stopTimeout\": 30}").yaml(), "a.yaml").stop().timeout())
        .isEqualTo(Duration.ofSeconds(30));
    assertThat(readBack(convert("{\"stopTimeout\": -1}").yaml(), "a.yaml").stop().timeout())
        .isNegative();
  }

  @Test
  void aTtlNotLongerThanThePoll_isLeftOut_andSaid() {
    ContainerPilotImport.Result result =
        convert(
            "{\"services\": [{\"name\": \"app\", \"health\": \"/bin/check\", \"poll\": 10, \"ttl\": 10}]}");
    CheckSpec check = readBack(result.yaml(), "a.yaml").lifecycle().main().checks().getFirst();
    assertThat(check.ttl()).isNull();
    assertThat(notImported(result))
        .containsExactly(
            "not imported: services[0].ttl: 10 s is not longer than poll (10 s); berth needs a ttl"
                + " longer than the interval, or every check races it");
  }

  @Test
  void aServiceWithoutHealth_hasNoCheck_andItsPollAndTtlAreSaid() {
    ContainerPilotImport.Result result =
        convert("{\"services\": [{\"name\": \"app\", \"port\": 80, \"poll\": 10, \"ttl\": 30}]}");
    assertThat(readBack(result.yaml(), "a.yaml").lifecycle().main().checks()).isEmpty();
    assertThat(notImported(result))
        .containsExactly(
            "not imported: services[0].poll: the service has no health command for berth to run",
            "not imported: services[0].ttl: the service has no health command for berth to run");
  }

  @Test
  void preStart_isOnStart_andFieldsBerthDoesNotKnow_areSaid() {
    ContainerPilotImport.Result result =
        convert(
            """
            {"preStart": "/bin/setup", "etcd": {"endpoints": ["http://etcd:4001"]},
             "coprocesses": [{"name": "c", "command": "/bin/c"}],
             "tasks": [{"name": "t", "command": "/bin/t", "frequency": "10s"}],
             "services": [{"name": "app", "health": "/bin/check", "poll": 5, "weight": 2}],
             "bogus": 1}
            """);
    ServiceSpec service = readBack(result.yaml(), "a.yaml");
    assertThat(service.lifecycle().task("onStart").process().command())
        .containsExactly("/bin/setup");
    assertThat(notImported(result))
        .containsExactly(
            "not imported: etcd: the store is the agent's, not the service's: set discovery"
                + " (backend: etcd, endpoints, prefix) in the agent's config",
            "not imported: coprocesses: not converted; declare each as a task with role sidecar",
            "not imported: tasks: not converted; declare each as a task with role periodic",
            "not imported: services[0].weight: not a field of a ContainerPilot v2 service",
            "not imported: bogus: not a ContainerPilot v2 field");
  }

  @Test
  void templateErrors_nameFileLineAndColumn() {
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class, () -> convert("{\n  \"onStart\": \"{{ uper .A }}\"\n}"));
    assertThat(e).hasMessage("app.json:2:18: unknown function \"uper\"; did you mean \"upper\"?");
    assertThat(e.line()).isEqualTo(2);
    assertThat(e.column()).isEqualTo(18);
  }

  @Test
  void badConfigs_nameTheFieldAndPlace() {
    assertThat(catchThrowableOfType(ConfigException.class, () -> convert("{\"onStart\": }")))
        .hasMessageStartingWith("app.json:1:13: ");
    assertThat(catchThrowableOfType(ConfigException.class, () -> convert("[]")))
        .hasMessage("app.json:1:1: expected a ContainerPilot config: a JSON object, got a list");
    assertThat(
            catchThrowableOfType(
                ConfigException.class, () -> convert("{\n\"jobs\": [{\"name\": \"app\"}]}")))
        .hasMessage(
            "app.json:2:1: jobs: this is a ContainerPilot 3 config (it has jobs); berth imports"
                + " version 2 configs");
    assertThat(
            catchThrowableOfType(
                ConfigException.class,
                () -> convert("{\"services\": [{\"name\": \"app\", \"health\": \"/bin/c\"}]}")))
        .hasMessageContaining("services[0].poll: missing; expected the seconds between health");
    assertThat(
            catchThrowableOfType(
                ConfigException.class,
                () ->
                    convert(
                        "{\"services\": [{\"name\": \"app\", \"health\": \"/bin/c\", \"poll\": 0}]}")))
        .hasMessageContaining("services[0].poll: expected the seconds between health checks");
    assertThat(catchThrowableOfType(ConfigException.class, () -> convert("{\"preStop\": \" \"}")))
        .hasMessageContaining("preStop: expected a command, got an empty one");
    assertThat(
            catchThrowableOfType(ConfigException.class, () -> convert("{\"stopTimeout\": \"5s\"}")))
        .hasMessageContaining("stopTimeout: expected a whole number of seconds");
    assertThatThrownBy(
            () ->
                ContainerPilotImport.convert(
                    "{}", "a.json", "Bad Image", null, List.of(), Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
