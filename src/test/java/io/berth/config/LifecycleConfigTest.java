package io.berth.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.spec.CheckSpec;
import io.berth.spec.Lifecycle;
import io.berth.spec.PermSpec;
import io.berth.spec.ProcessSpec;
import io.berth.spec.ServiceSpec;
import io.berth.spec.TaskSpec;
import io.berth.spec.TaskSpec.Role;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A service's tasks, hooks, health, timing, env files and perms, as the config declares them. */
class LifecycleConfigTest {
  private static final ConfigParser PARSER = ConfigParser.of(Path.of("/var/lib/berth/volumes"));

  private static ServiceSpec service(String yaml) {
    return PARSER
        .parse(
            ("services:\n  s:\n" + yaml.indent(4)).getBytes(StandardCharsets.UTF_8), "berth.yaml")
        .config()
        .services()
        .get("s");
  }

  private static String error(String yaml) {
    return ConfigErrorsTest.yaml("services:\n  s:\n" + yaml.indent(4)).getMessage();
  }

  @Test
  void aServiceWithoutLifecycle_hasOnlyItsMainTask() {
    Lifecycle lifecycle = service("image: app").lifecycle();

    assertThat(lifecycle.tasks()).hasSize(1);
    assertThat(lifecycle.main().process()).isNull();
    assertThat(lifecycle.main().checks()).isEmpty();
    assertThat(lifecycle.timing()).isEqualTo(Lifecycle.Timing.DEFAULT);
  }

  @Test
  void everyRoleHookAndKnob() {
    Lifecycle lifecycle =
        service(
                """
                image: app
                command: [/app/serve, --port, "8080"]
                envFiles: [/etc/app/defaults.env, "image:/etc/ignity/envs"]
                perms:
                  - /var/lib/app {{USERMAP_UID}}:{{USERMAP_GID}} 0600 0700
                  - {path: /srv, account: "1000", dirMode: "0755", recursive: false}
                health:
                  - http: {port: 8080, path: /healthz}
                    interval: 2s
                    timeout: 1s
                    grace: 10s
                    failures: 2
                    ttl: 5s
                  - tcp: 8080
                readiness: {notifyFd: 3}
                tasks:
                  migrate: {role: init, command: /app/migrate up, timeout: 1m}
                  seed: {role: init, command: [/app/seed], env: {SEED: {rows: 10}}, user: "1000:1000"}
                  worker:
                    role: sidecar
                    command: /app/worker
                    restart: {policy: on-failure, backoff: 100ms, maxBackoff: 1s}
                    finish: /app/worker-finished
                    stopService: on-failure
                    readiness: {notifyFd: 4}
                    health: {exec: "test -e /tmp/worker.ok", interval: 1s, timeout: 500ms}
                  debug: {role: sidecar, command: /app/debug, down: true}
                  flush: {role: finalize, command: /app/flush, timeout: 2s}
                  backup: {role: periodic, command: /app/backup, schedule: "0 3 * * *", keep: 3}
                  tick: {role: periodic, command: /app/tick, every: 30s, overlap: true}
                hooks:
                  preStop: {command: /app/drain, timeout: 20s}
                  postStop: /app/cleanup
                timing: {waitForSidecars: ready, waitMax: 10s, finalizeMax: 1s, servicesGrace: 2s, killGrace: 500ms}
                """)
            .lifecycle();

    assertThat(lifecycle.tasks())
        .extracting(TaskSpec::name)
        .containsExactly("main", "migrate", "seed", "worker", "debug", "flush", "backup", "tick");
    assertThat(lifecycle.tasks(Role.INIT))
        .extracting(TaskSpec::name)
        .containsExactly("migrate", "seed");
    TaskSpec main = lifecycle.main();
    assertThat(main.process()).isNull();
    assertThat(main.readiness().notifyFd()).isEqualTo(3);
    assertThat(main.checks()).extracting(CheckSpec::name).containsExactly("http", "tcp");
    CheckSpec http = main.checks().getFirst();
    assertThat(http.kind()).isEqualTo(CheckSpec.Kind.HTTP);
    assertThat(http.port()).isEqualTo(8080);
    assertThat(http.path()).isEqualTo("/healthz");
    assertThat(http.interval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(http.timeout()).isEqualTo(Duration.ofSeconds(1));
    assertThat(http.grace()).isEqualTo(Duration.ofSeconds(10));
    assertThat(http.failures()).isEqualTo(2);
    assertThat(http.successes()).isEqualTo(1);
    assertThat(http.ttl()).isEqualTo(Duration.ofSeconds(5));
    assertThat(main.checks().get(1).kind()).isEqualTo(CheckSpec.Kind.TCP);

    TaskSpec migrate = lifecycle.task("migrate");
    assertThat(migrate.process().command()).containsExactly("/app/migrate", "up");
    assertThat(migrate.timeout()).isEqualTo(Duration.ofMinutes(1));
    TaskSpec seed = lifecycle.task("seed");
    assertThat(seed.process().env()).containsEntry("SEED", "{\"rows\":10}");
    assertThat(seed.process().user()).isEqualTo("1000:1000");

    TaskSpec worker = lifecycle.task("worker");
    assertThat(worker.role()).isEqualTo(Role.SIDECAR);
    assertThat(worker.restart().mode()).isEqualTo(ServiceSpec.RestartPolicy.Mode.ON_FAILURE);
    assertThat(worker.restart().initialBackoff()).isEqualTo(Duration.ofMillis(100));
    assertThat(worker.finish()).isEqualTo(ProcessSpec.of("/app/worker-finished"));
    assertThat(worker.stopService()).isEqualTo(TaskSpec.StopService.ON_FAILURE);
    assertThat(worker.readiness().notifyFd()).isEqualTo(4);
    assertThat(worker.checks().getFirst().exec().command())
        .containsExactly("test", "-e", "/tmp/worker.ok");
    assertThat(lifecycle.task("debug").down()).isTrue();
    assertThat(lifecycle.task("worker").down()).isFalse();

    assertThat(lifecycle.task("flush").timeout()).isEqualTo(Duration.ofSeconds(2));
    TaskSpec backup = lifecycle.task("backup");
    assertThat(backup.schedule().text()).isEqualTo("0 3 * * *");
    assertThat(backup.keepRuns()).isEqualTo(3);
    assertThat(backup.overlap()).isFalse();
    TaskSpec tick = lifecycle.task("tick");
    assertThat(tick.schedule().every()).isEqualTo(Duration.ofSeconds(30));
    assertThat(tick.overlap()).isTrue();
    assertThat(tick.keepRuns()).isEqualTo(TaskSpec.DEFAULT_KEEP_RUNS);

    assertThat(lifecycle.preStop().process().command()).containsExactly("/app/drain");
    assertThat(lifecycle.preStop().timeout()).isEqualTo(Duration.ofSeconds(20));
    assertThat(lifecycle.postStop().process().command()).containsExactly("/app/cleanup");
    assertThat(lifecycle.postStop().timeout()).isNull();

    assertThat(lifecycle.timing())
        .isEqualTo(
            new Lifecycle.Timing(
                Lifecycle.WaitFor.READY,
                Duration.ofSeconds(10),
                Duration.ofSeconds(1),
                Duration.ofSeconds(2),
                Duration.ofMillis(500)));
    assertThat(lifecycle.envFiles())
        .containsExactly("/etc/app/defaults.env", "image:/etc/ignity/envs");
    assertThat(lifecycle.perms())
        .containsExactly(
            new PermSpec("/var/lib/app", "{{USERMAP_UID}}:{{USERMAP_GID}}", "0600", "0700", true),
            new PermSpec("/srv", "1000", null, "0755", false));
  }

  @Test
  void aMainTask_carriesItsOwnCommandEnvAndUser() {
    ServiceSpec service =
        service(
            """
            image: app
            tasks:
              web:
                role: main
                command: [httpd, -f]
                env: {MODE: main}
                user: www
                workdir: /srv
                health: {tcp: {port: 80}}
            """);

    TaskSpec main = service.lifecycle().main();
    assertThat(main.name()).isEqualTo("web");
    assertThat(main.process())
        .isEqualTo(new ProcessSpec(List.of("httpd", "-f"), Map.of("MODE", "main"), "www", "/srv"));
    assertThat(main.checks()).extracting(CheckSpec::target).containsExactly("tcp :80");
  }

  @Test
  void mistakes_areNamedWhereTheyAre() {
    assertThat(error("image: app\ntasks:\n  x: {role: helper, command: a}\n"))
        .isEqualTo(
            "berth.yaml:5:11: services.s.tasks.x.role: expected init, main, sidecar, finalize or"
                + " periodic, got \"helper\"");
    assertThat(error("image: app\ntasks:\n  x: {role: sidecar}\n"))
        .isEqualTo(
            "berth.yaml:5:7: services.s.tasks.x.command: missing; expected the task's command");
    assertThat(error("image: app\ntasks:\n  x: {role: init, command: a, restart: always}\n"))
        .isEqualTo(
            "berth.yaml:5:7: services.s.tasks.x: task x: restart, down, finish and stopService are"
                + " for sidecars");
    assertThat(
            error(
                "image: app\ntasks:\n  x: {role: periodic, command: a, schedule: \"61 * * * *\"}\n"))
        .isEqualTo(
            "berth.yaml:5:39: services.s.tasks.x.schedule: the minute field '61' holds '61':"
                + " expected a number from 0 to 59, *, a list, a range or a step");
    assertThat(
            error(
                "image: app\ntasks:\n  x: {role: periodic, command: a, schedule: \"0 0 30 2 *\"}\n"))
        .endsWith("schedule '0 0 30 2 *' never fires (no such date)");
    assertThat(error("image: app\ntasks:\n  x: {role: periodic, command: a}\n"))
        .endsWith("periodic task x needs a schedule");
    assertThat(error("image: app\ncommand: a\ntasks:\n  x: {role: main, command: b}\n"))
        .contains(
            "services.s.tasks.x: the service sets command or args, and task x is its main task");
    assertThat(error("image: app\ntasks:\n  a: {role: main}\n  b: {role: main}\n"))
        .contains("a service has one main task; [a, b] are main");
    assertThat(error("image: app\nhealth: {http: 8080, tcp: 80}\n"))
        .isEqualTo(
            "berth.yaml:4:5: services.s.health: a check has exactly one of exec (a command), http"
                + " ({port, path}) or tcp (a port)");
    assertThat(error("image: app\nhealth: {tcp: 70000}\n"))
        .isEqualTo(
            "berth.yaml:4:14: services.s.health.tcp: expected a port from 1 to 65535, got 70000");
    assertThat(error("image: app\nhealth: {tcp: 80, interval: 1s, timeout: 2s}\n"))
        .endsWith("check tcp: the timeout (2s) is longer than the interval (1s)");
    assertThat(error("image: app\nhealth: {tcp: 80, interval: 10s, ttl: 5s}\n"))
        .endsWith(
            "check tcp: the ttl (5s) must be longer than the interval (10s), or every check races it");
    assertThat(error("image: app\nreadiness: {notifyFd: 1}\n"))
        .isEqualTo(
            "berth.yaml:4:17: services.s.readiness.notifyFd: the notification descriptor must be"
                + " from 3 to 63, not 1");
    assertThat(error("image: app\nperms: [\"/a 1000 0644\"]\n"))
        .isEqualTo(
            "berth.yaml:4:13: services.s.perms[0]: perms '/a 1000 0644' has 3 fields: expected path"
                + " account fmode dmode");
    assertThat(error("image: app\nperms: [\"/a/../etc 0 0644 0755\"]\n"))
        .endsWith("a perms path may not hold '..': /a/../etc");
    assertThat(error("image: app\nenvFiles: [relative.env]\n"))
        .isEqualTo(
            "berth.yaml:4:16: services.s.envFiles[0]: expected an absolute path without '..'"
                + " (image:/path for a file in the image), got \"relative.env\"");
    assertThat(error("image: app\ntiming: {waitForSidecars: soon}\n"))
        .endsWith("services.s.timing.waitForSidecars: expected none, up or ready, got \"soon\"");
    assertThat(error("image: app\ntasks:\n  s: {role: sidecar, command: a, timeout: 1s}\n"))
        .endsWith(
            "task s: a sidecar runs until it is stopped; timeout is for init, finalize and"
                + " periodic tasks");
  }
}
