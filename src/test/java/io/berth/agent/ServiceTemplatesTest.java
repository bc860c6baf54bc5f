package io.berth.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.TextNode;
import io.berth.api.LogQuery;
import io.berth.api.ServiceInfo;
import io.berth.config.ConfigParser;
import io.berth.spec.KvSpec;
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
 * Services whose env values and template files read the configuration store, and follow its changes
 * by their change mode, with real containers.
 */
class ServiceTemplatesTest {
  private static TestRegistry registry;
  private static PushedImage image;
  private ServiceFixture berth;

  @BeforeAll
  static void startRegistry() {
    registry = TestRegistry.plain();
    image = TestImages.busyboxVersion(registry, "templates/app:latest", 1);
  }

  @AfterAll
  static void stopRegistry() {
    registry.close();
  }

  @BeforeEach
  void open() throws Exception {
    berth = new ServiceFixture(registry);
    berth.engine.openKv(KvSpec.DEFAULT);
  }

  @AfterEach
  void close() {
    berth.close();
  }

  private void put(String key, String value, boolean secret) {
    berth.engine.kv().put(key, TextNode.valueOf(value), secret, null);
  }

  private void declare(String yaml) {
    String text =
        "services:\n  s:\n"
            + ("image: " + image.reference() + "\nupdate: false\n" + yaml).indent(4);
    ServiceSpec spec =
        ConfigParser.of(berth.home.settings().root().resolve("volumes"))
            .parse(text.getBytes(StandardCharsets.UTF_8), "test.yaml")
            .config()
            .services()
            .get("s");
    berth.declare(spec);
  }

  private List<String> log(String container) {
    List<String> lines = new ArrayList<>();
    berth.engine.containers().logs(container, LogQuery.ALL, l -> lines.add(l.text()));
    return lines;
  }

  @Test
  void envAndFilesReadTheStore_andFollowItsChangesByTheirChangeMode(@TempDir Path dir)
      throws Exception {
    put("/app/greeting", "hello", false);
    put("/app/password", "s3cret", true);
    Path conf = dir.resolve("app.conf.tmpl");
    Files.writeString(conf, "greeting={{ kv \"/app/greeting\" }} level={{ .LEVEL }}\n");
    Path other = dir.resolve("other.tmpl");
    Files.writeString(
        other, "{{ range $k, $v := tree \"/app/flags/\" }}{{ $k }}={{ $v }} {{ end }}\n");
    declare(
        """
        writable: true
        env: {LEVEL: debug, PASSWORD: '{{ kv "/app/password" }}'}
        command: [sh, -c, "trap 'echo reload: $(cat /tmp/app.conf)' HUP; echo password $PASSWORD; echo start: $(cat /tmp/app.conf); while true; do sleep 0.1; done"]
        templates:
          - {file: %s, destination: /tmp/app.conf, change: signal, signal: HUP, wait: 200ms}
          - {file: %s, destination: /tmp/flags, change: script, script: [sh, -c, "echo flags now $(cat /tmp/flags)"], wait: 200ms}
        """
            .formatted(conf, other));
    ServiceInfo first = berth.awaitStatus("s", "running", Duration.ofSeconds(30));
    String container = first.containerId();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                log(container)
                    .containsAll(List.of("password s3cret", "start: greeting=hello level=debug")));

    // a value read from the store may be a secret: inspect hides it
    assertThat(berth.engine.containers().inspect(container).env())
        .contains("PASSWORD=<secret>")
        .noneMatch(v -> v.contains("s3cret"));

    // a burst of changes: one render, one signal
    put("/app/greeting", "hi", false);
    put("/app/greeting", "hey", false);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> log(container).contains("reload: greeting=hey level=debug"));
    assertThat(log(container)).noneMatch(l -> l.startsWith("reload: greeting=hi "));
    assertThat(berth.service("s").containerId()).isEqualTo(container);

    put("/app/flags/beta", "on", false);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> log(container).contains("[template] flags now beta=on"));

    // the env cannot change in a running process: a new container
    put("/app/password", "n3w", true);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              ServiceInfo now = berth.service("s");
              return now.containerId() != null
                  && !now.containerId().equals(container)
                  && log(now.containerId()).contains("password n3w");
            });
  }

  @Test
  void aMissingKeyAtStart_failsTheStartNamingTheKeyAndTheService() {
    declare(
        """
        restart: never
        env: {DB_HOST: '{{ kv "/app/db/host" }}', DB_PORT: '{{ kv "/app/db/port" "5432" }}'}
        command: [sleep, "1000"]
        """);

    ServiceInfo s = berth.awaitStatus("s", "failed", Duration.ofSeconds(30));

    assertThat(s.lastError()).contains("service s", "DB_HOST", "/app/db/host");
  }

  @Test
  void aServiceFollowsItsBackend_onChangeRunsWithTheList_andTemplatesRenderIt(@TempDir Path dir)
      throws Exception {
    Path upstreams = dir.resolve("upstreams.tmpl");
    Files.writeString(
        upstreams, "{{ range service \"db\" }}server {{ .address }}:{{ .port }};{{ end }}\n");
    String text =
        """
        services:
          db:
            image: %1$s
            update: false
            port: 5432
            command: [sleep, "1000"]
          web:
            image: %1$s
            update: false
            writable: true
            command: [sh, -c, "trap 'echo upstreams: $(cat /tmp/upstreams.conf)' HUP; while true; do sleep 0.1; done"]
            backends:
              - {name: db, onChange: [sh, -c, "echo backends now $BERTH_BACKEND_INSTANCES"], file: /tmp/db.json, wait: 200ms}
            templates:
              - {file: %2$s, destination: /tmp/upstreams.conf, change: signal, wait: 200ms}
        """
            .formatted(image.reference(), upstreams);
    var services =
        ConfigParser.of(berth.home.settings().root().resolve("volumes"))
            .parse(text.getBytes(StandardCharsets.UTF_8), "test.yaml")
            .config()
            .services();
    berth.declare(services.get("web"));
    ServiceInfo web = berth.awaitStatus("web", "running", Duration.ofSeconds(30));
    String container = web.containerId();

    berth.declare(services.get("web"), services.get("db"));
    berth.awaitStatus("db", "running", Duration.ofSeconds(30));

    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                log(container).stream()
                        .anyMatch(
                            l ->
                                l.startsWith("[onChange.db] backends now [{") && l.contains("5432"))
                    && log(container).stream()
                        .anyMatch(l -> l.startsWith("upstreams: server ") && l.endsWith(":5432;")));

    berth.engine.services().maintenance("db", true);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> log(container).contains("[onChange.db] backends now []"));
    await().atMost(Duration.ofSeconds(20)).until(() -> log(container).contains("upstreams:"));
    assertThat(berth.events(e -> e.type().equals("backend.change"))).hasSizeGreaterThanOrEqualTo(2);
  }
}
