package io.berth.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.berth.spec.BerthConfig;
import io.berth.spec.BerthConfig.RegistryEntry;
import io.berth.spec.ContainerSpec;
import io.berth.spec.ContainerSpec.Network;
import io.berth.spec.ContainerSpec.Resources;
import io.berth.spec.MountSpec;
import io.berth.spec.ServiceSpec;
import io.berth.spec.ServiceSpec.RestartPolicy;
import io.berth.spec.ServiceSpec.StopPolicy;
import io.berth.spec.ServiceSpec.UpdatePolicy;
import io.berth.spec.VolumeSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigParserTest {
  static final ConfigParser PARSER = ConfigParser.of(Path.of("/var/lib/berth/volumes"));

  static byte[] resource(String name) {
    try (InputStream in = ConfigParserTest.class.getResourceAsStream(name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  static ParsedConfig parse(String text, String source) {
    return PARSER.parse(text.getBytes(StandardCharsets.UTF_8), source);
  }

  static ServiceSpec service(String yaml) {
    return parse("services:\n  s:\n" + yaml.indent(4), "berth.yaml").config().services().get("s");
  }

  @Test
  void parse_fullYaml_everyFieldArrives() {
    ParsedConfig parsed = PARSER.parse(resource("full.yaml"), "full.yaml");
    BerthConfig config = parsed.config();

    assertThat(parsed.dialect()).isEqualTo(ParsedConfig.Dialect.BERTH);
    assertThat(parsed.warnings()).isEmpty();
    assertThat(config.source()).isEqualTo("full.yaml");
    assertThat(config.registries())
        .containsExactly(
            entry(
                "registry.example.com",
                new RegistryEntry(
                    "deploy",
                    null,
                    "/etc/berth/registry-password",
                    null,
                    List.of("/etc/berth/example-ca.pem"))),
            entry("localhost:5000", new RegistryEntry(null, null, null, false, List.of())),
            entry("ghcr.io", new RegistryEntry("bot", "s3cr3t-token", null, null, List.of())));
    assertThat(config.volumes())
        .containsExactly(
            new VolumeSpec("data", "/var/lib/berth/volumes/data", 1000, 1000, "0750"),
            new VolumeSpec("logs", "/srv/logs", null, null, "0755"));
    assertThat(config.services()).containsOnlyKeys("web", "worker", "batch");
    assertThat(List.copyOf(config.services().keySet())).containsExactly("web", "worker", "batch");

    ServiceSpec web = config.services().get("web");
    ContainerSpec c = web.container();
    assertThat(web.name()).isEqualTo("web");
    assertThat(c.image()).isEqualTo("registry.example.com/shop/web:1.4");
    assertThat(c.name()).isNull();
    assertThat(c.entrypoint()).containsExactly("/usr/bin/tini", "--");
    assertThat(c.command())
        .containsExactly("/app/server", "--listen", ":8080", "--name", "the shop", "--verbose");
    assertThat(c.user()).isEqualTo("1000:1000");
    assertThat(c.capAdd()).containsExactly("NET_BIND_SERVICE", "SYS_NICE");
    assertThat(c.capDrop()).containsExactly("MKNOD");
    assertThat(c.mounts())
        .containsExactly(
            MountSpec.bind("/etc/ssl/certs", "/etc/ssl/certs", true),
            MountSpec.bind("/var/lib/berth/volumes/data", "/var/lib/web", false),
            MountSpec.bind("/srv/logs", "/var/log/web", false),
            MountSpec.tmpfs("/tmp", "size=64m,mode=1777"),
            MountSpec.bind("/var/lib/berth/volumes/data", "/backup", true),
            MountSpec.bind("/etc/hosts", "/etc/hosts", false));
    assertThat(c.env())
        .containsExactly(
            entry("LOG_LEVEL", "info"),
            entry("PORT", "8080"),
            entry("DEBUG", "false"),
            entry("FEATURES", "{\"beta\":true,\"limits\":[1,2.5]}"),
            entry("EMPTY", ""));
    assertThat(c.writable()).isTrue();
    assertThat(c.hostname()).isEqualTo("web-1");
    assertThat(c.workdir()).isEqualTo("/app");
    assertThat(c.init()).isTrue();
    assertThat(c.resources()).isEqualTo(new Resources(256L << 20, 0.5, 200));
    assertThat(c.network()).isEqualTo(Network.HOST);
    assertThat(c.autoRemove()).isFalse();
    assertThat(c.labels()).containsOnly(entry("team", "shop"), entry("tier", "1"));
    assertThat(web.restart())
        .isEqualTo(
            new RestartPolicy(
                RestartPolicy.Mode.ON_FAILURE,
                3,
                Duration.ofMinutes(10),
                Duration.ofMillis(250),
                Duration.ofMinutes(90)));
    assertThat(web.update())
        .isEqualTo(
            new UpdatePolicy(
                true,
                Duration.ofMinutes(2),
                Duration.ofSeconds(10),
                UpdatePolicy.Order.START_FIRST,
                Duration.ofSeconds(5),
                Duration.ofSeconds(90)));
    assertThat(web.stop()).isEqualTo(new StopPolicy("SIGINT", Duration.ofSeconds(30), false));

    ServiceSpec worker = config.services().get("worker");
    assertThat(worker.container().command()).containsExactly("sleep", "3600");
    assertThat(worker.container().entrypoint()).isNull();
    assertThat(worker.container().user()).isEqualTo("65534:65534");
    assertThat(worker.container().env()).containsExactly(entry("QUEUE", "jobs"));
    assertThat(worker.container().mounts())
        .containsExactly(MountSpec.bind("/srv/cache", "/var/cache/worker", false));
    assertThat(worker.container().resources()).isEqualTo(new Resources(1L << 30, 0, 0));
    assertThat(worker.container().network()).isEqualTo(Network.NONE);
    assertThat(worker.container().writable()).isFalse();
    assertThat(worker.restart().mode()).isEqualTo(RestartPolicy.Mode.NEVER);
    assertThat(worker.restart().maxAttempts()).isEqualTo(RestartPolicy.DEFAULT.maxAttempts());
    assertThat(worker.update().enabled()).isFalse();
    assertThat(worker.update().interval()).isEqualTo(UpdatePolicy.DEFAULT.interval());
    assertThat(worker.stop().neverKill()).isTrue();
    assertThat(worker.stop().signal()).isNull();

    ServiceSpec batch = config.services().get("batch");
    assertThat(batch.container().command()).containsExactly("echo", "done");
    assertThat(batch.stop().timeout()).isEqualTo(Duration.ofSeconds(-1));
    assertThat(batch.stop().neverKill()).isFalse();
    assertThat(batch.restart()).isEqualTo(RestartPolicy.DEFAULT);
    assertThat(batch.update()).isEqualTo(UpdatePolicy.DEFAULT);
  }

  @Test
  void parse_jsonWithCommentsAndTrailingCommas_sameConfigAsYaml() {
    BerthConfig yaml = PARSER.parse(resource("full.yaml"), "berth").config();
    BerthConfig json = PARSER.parse(resource("full.json"), "berth").config();

    assertThat(json).isEqualTo(yaml);
  }

  @Test
  void parse_formatByExtensionOrContent() {
    String json = "{\"services\": {\"a\": {\"image\": \"busybox\"}}}";
    String yaml = "services: {a: {image: busybox}}";

    assertThat(parse(json, "config").config().services()).containsOnlyKeys("a");
    assertThat(parse(yaml, "config").config().services()).containsOnlyKeys("a");
    assertThat(parse("// a comment first\n" + json, "config").config().services())
        .containsOnlyKeys("a");
    assertThat(parse(yaml, "b.yml").config().services()).containsOnlyKeys("a");
    assertThat(ConfigFormat.detect("x.json", "services: {}")).isEqualTo(ConfigFormat.JSON);
    assertThat(ConfigFormat.detect("x.YAML", "{}")).isEqualTo(ConfigFormat.YAML);
    assertThat(ConfigFormat.detect("https://h/c.json?sig=1", "")).isEqualTo(ConfigFormat.JSON);
    assertThat(ConfigFormat.detect(null, "\uFEFF  {")).isEqualTo(ConfigFormat.JSON);
  }

  @Test
  void parse_emptyDocument_isAnEmptyConfig() {
    assertThat(parse("", "berth.yaml").config()).isEqualTo(BerthConfig.empty("berth.yaml"));
    assertThat(parse("# nothing yet\n", "berth.yaml").config().services()).isEmpty();
    assertThat(parse("{}", "berth.json").config().services()).isEmpty();
  }

  @Test
  void parse_defaults_whenOnlyTheImageIsGiven() {
    ServiceSpec s = service("image: busybox");

    assertThat(s.container()).isEqualTo(ContainerSpec.of("busybox"));
    assertThat(s.restart()).isEqualTo(RestartPolicy.DEFAULT);
    assertThat(s.update()).isEqualTo(UpdatePolicy.DEFAULT);
    assertThat(s.stop()).isEqualTo(StopPolicy.DEFAULT);
  }

  @Test
  void command_stringIsSplitLikeAShell_withoutExpansion() {
    ServiceSpec s =
        service(
            """
            image: busybox
            command: 'sh -c "echo \\"hi\\" > /dev/null" a\\ b '''' "" x''''y'
            """);

    assertThat(s.container().command())
        .containsExactly("sh", "-c", "echo \"hi\" > /dev/null", "a b", "", "", "xy");
  }

  @Test
  void command_dollar_isPassedAsWritten_withAWarning() {
    ParsedConfig parsed =
        parse("services:\n  s:\n    image: busybox\n    command: echo $HOME\n", "berth.yaml");

    assertThat(parsed.config().services().get("s").container().command())
        .containsExactly("echo", "$HOME");
    assertThat(parsed.warnings()).hasSize(1);
    assertThat(parsed.warnings().getFirst().toString())
        .startsWith("berth.yaml:4:5: services.s.command: '$' is passed as it is");
  }

  @Test
  void entrypoint_emptyString_clearsTheImagesEntrypoint() {
    assertThat(service("image: busybox\nentrypoint: \"\"").container().entrypoint()).isEmpty();
  }

  @Test
  void args_alone_replaceTheImagesCommand() {
    assertThat(service("image: busybox\nargs: [a, 1, true]").container().command())
        .containsExactly("a", "1", "true");
  }

  @Test
  void user_asNumber_orUidAlone() {
    assertThat(service("image: busybox\nuser: 1000").container().user()).isEqualTo("1000");
    assertThat(service("image: busybox\nuser: nobody").container().user()).isEqualTo("nobody");
    assertThat(service("image: busybox\nuid: 7").container().user()).isEqualTo("7");
  }

  @Test
  void env_valuesFollowFrontloadersRule() {
    ServiceSpec s =
        service(
            """
            image: busybox
            env:
              S: "a string"
              N: 1.50
              B: true
              L: [a, {b: null}]
              Q: 'he said "hi"'
            """);

    assertThat(s.container().env())
        .containsExactly(
            entry("S", "a string"),
            entry("N", "1.50"),
            entry("B", "true"),
            entry("L", "[\"a\",{\"b\":null}]"),
            entry("Q", "he said \"hi\""));
  }

  @Test
  void env_yaml11Numbers_areReadAsJacksonReadsThem() {
    ServiceSpec s = service("image: busybox\nenv: {HEX: 0x1F, BIG: 1e3, WORD: yes, OFF: off}");

    assertThat(s.container().env())
        .containsExactly(
            entry("HEX", "31"), entry("BIG", "1e3"), entry("WORD", "yes"), entry("OFF", "off"));
  }

  @Test
  void sizes_inEveryUnit() {
    assertThat(memory("1048576000")).isEqualTo(1_048_576_000L);
    assertThat(memory("64m")).isEqualTo(64L << 20);
    assertThat(memory("\"64M\"")).isEqualTo(64L << 20);
    assertThat(memory("64MiB")).isEqualTo(64L << 20);
    assertThat(memory("8192k")).isEqualTo(8L << 20);
    assertThat(memory("1.5g")).isEqualTo(3L << 29);
    assertThat(memory("1t")).isEqualTo(1L << 40);
    assertThat(memory("10000000b")).isEqualTo(10_000_000L);
  }

  private static long memory(String text) {
    return service("image: busybox\nresources: {memory: " + text + "}")
        .container()
        .resources()
        .memoryBytes();
  }

  @Test
  void durations_inEveryForm() {
    assertThat(window("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(window("10s")).isEqualTo(Duration.ofSeconds(10));
    assertThat(window("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(window("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(window("1m30s500ms")).isEqualTo(Duration.ofMillis(90_500));
    assertThat(window("1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(window("45")).isEqualTo(Duration.ofSeconds(45));
    assertThat(window("0.25")).isEqualTo(Duration.ofMillis(250));
    assertThat(window("\"12\"")).isEqualTo(Duration.ofSeconds(12));
  }

  private static Duration window(String text) {
    return service("image: busybox\nrestart: {window: " + text + "}").restart().window();
  }

  @Test
  void stopTimeout_killAtOnce_orNever() {
    assertThat(service("image: busybox\nstopTimeout: -1").stop())
        .isEqualTo(new StopPolicy(null, Duration.ofSeconds(-1), false));
    assertThat(service("image: busybox\nstopTimeout: never\nstopSignal: 15").stop())
        .isEqualTo(new StopPolicy("15", Duration.ofSeconds(10), true));
    assertThat(service("image: busybox\nstopSignal: rtmin+3").stop().signal())
        .isEqualTo("SIGRTMIN+3");
  }

  @Test
  void update_true_isTheDefault_andOrderNames() {
    assertThat(service("image: busybox\nupdate: true").update()).isEqualTo(UpdatePolicy.DEFAULT);
    assertThat(service("image: busybox\nupdate: {order: stop-first}").update().order())
        .isEqualTo(UpdatePolicy.Order.STOP_FIRST);
    assertThat(service("image: busybox\nupdate: {order: auto, enabled: false}").update())
        .extracting(UpdatePolicy::order, UpdatePolicy::enabled)
        .containsExactly(UpdatePolicy.Order.AUTO, false);
  }

  @Test
  void mode_inYamlOctalAndJsonDigits() {
    assertThat(volumeMode("mode: 0o750")).isEqualTo("0750");
    assertThat(volumeMode("mode: 1777")).isEqualTo("1777");
    assertThat(
            PARSER
                .parse("{\"volumes\": {\"v\": {\"mode\": 750}}}".getBytes(), "b.json")
                .config()
                .volumes()
                .getFirst()
                .mode())
        .isEqualTo("750");
  }

  private static String volumeMode(String yaml) {
    return parse("volumes:\n  v:\n    " + yaml + "\n", "berth.yaml")
        .config()
        .volumes()
        .getFirst()
        .mode();
  }

  @Test
  void registries_relativePaths_resolveAgainstTheConfigsDirectory() {
    byte[] yaml =
        """
        registries:
          r.example.com:
            username: u
            passwordFile: secrets/pw
            caFiles: ../ca.pem
          "https://index.docker.io/v1/":
            insecure: false
        """
            .getBytes(StandardCharsets.UTF_8);
    BerthConfig config =
        PARSER
            .parse(
                new FetchedConfig(
                    yaml,
                    "/etc/berth/berth.yaml",
                    Optional.empty(),
                    Optional.of(Path.of("/etc/berth"))))
            .config();

    assertThat(config.registries().get("r.example.com"))
        .isEqualTo(
            new RegistryEntry("u", null, "/etc/berth/secrets/pw", null, List.of("/etc/ca.pem")));
    assertThat(config.registries().get("docker.io").tlsVerify()).isTrue();
  }

  @Test
  void registryEntry_toString_hidesThePassword() {
    BerthConfig config = PARSER.parse(resource("full.yaml"), "full.yaml").config();

    assertThat(config.toString()).doesNotContain("s3cr3t-token");
  }
}
