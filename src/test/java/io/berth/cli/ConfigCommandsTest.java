package io.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.config.ConfigParser;
import io.berth.spec.ServiceSpec;
import io.berth.spec.TaskSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** berth config render and berth service import: they need no agent. */
class ConfigCommandsTest {
  private static final String PATH = System.getenv("PATH");
  private final Cli cli = new Cli(null);
  @TempDir Path dir;

  private Path file(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  @Test
  void render_readsTheEnvironment_withOverridesOnTop() throws IOException {
    Path template =
        file(
            "app.conf.tmpl",
            """
            path={{ .PATH }}
            port={{ .PORT | default "8080" }}
            name={{ env "NAME" | upper }}
            level={{ .LEVEL }}
            {{- range split "," .PEERS }}
            peer {{ . }}
            {{- end }}
            """);
    Path envFile = file("app.env", "# defaults\nNAME=web\nLEVEL=info\nPEERS=a,b\n");

    Cli.Result result =
        cli.run(
            "config",
            "render",
            template.toString(),
            "--env-file",
            envFile.toString(),
            "-e",
            "LEVEL=debug",
            "-e",
            "PATH=/override");
    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out())
        .isEqualTo("path=/override\nport=8080\nname=WEB\nlevel=debug\npeer a\npeer b\n");
    assertThat(result.err()).isEmpty();

    Cli.Result plain = cli.run("config", "render", template.toString());
    assertThat(plain.out()).startsWith("path=" + PATH + "\nport=8080\nname=\nlevel=\n");
  }

  @Test
  void render_strict_refusesAMissingVariable_namingFileLineAndColumn() throws IOException {
    Path template = file("t.tmpl", "a={{ .PATH }}\nb={{ .BERTH_SURELY_UNSET }}\n");
    assertThat(cli.run("config", "render", template.toString()).out())
        .isEqualTo("a=" + PATH + "\nb=\n");

    Cli.Result result = cli.run("config", "render", "--strict", template.toString());
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.out()).isEmpty();
    assertThat(result.err())
        .isEqualTo(
            "berth: "
                + template
                + ":2:6: no value for .BERTH_SURELY_UNSET; in strict mode a missing value is an"
                + " error: set it, or write .BERTH_SURELY_UNSET | default \"...\"\n");
    assertThat(
            cli.run(
                    "config",
                    "render",
                    "--strict",
                    "-e",
                    "BERTH_SURELY_UNSET=x",
                    template.toString())
                .out())
        .endsWith("b=x\n");
  }

  @Test
  void render_templateAndFileErrors_exit2() throws IOException {
    Path template = file("bad.tmpl", "ok\n  {{ if .A }}yes\n");
    Cli.Result result = cli.run("config", "render", template.toString());
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .isEqualTo("berth: " + template + ":2:6: {{if}} is never closed: expected an {{end}}\n");

    Cli.Result missing = cli.run("config", "render", dir.resolve("nope").toString());
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).isEqualTo("berth: " + dir.resolve("nope") + " does not exist\n");

    Cli.Result badEnv = cli.run("config", "render", "-e", "=x", template.toString());
    assertThat(badEnv.exitCode()).isEqualTo(2);
    assertThat(badEnv.err()).contains("invalid environment variable '=x'");
  }

  @Test
  void import_printsAServiceBerthReads_andListsWhatItLeftOut() throws IOException {
    Path config =
        file(
            "app.json",
            """
            {
              "consul": "{{ .CONSUL | default "consul:8500" }}",
              "onStart": "/bin/setup {{ .MODE }}",
              "stopTimeout": 20,
              "preStop": ["/bin/drain", "--all"],
              "services": [{"name": "app", "port": 80, "health": "/bin/check", "poll": 3, "ttl": 10}],
              "backends": [{"name": "db", "poll": 5, "onChange": "/bin/reload"}]
            }
            """);
    Cli.Result result =
        cli.run(
            "service",
            "import",
            "--from",
            "containerpilot",
            config.toString(),
            "registry.example.com/shop/app:1.2",
            "-e",
            "MODE=fast",
            "--",
            "/app/server",
            "--port",
            "80");
    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.err())
        .isEqualTo(
            """
            not imported: consul: berth registers in its own discovery store (the agent's discovery section: embedded or etcd), not in Consul
            not imported: backends[0].poll: berth is told of changes by the registry's watch; nothing polls
            """);

    ServiceSpec service =
        ConfigParser.of(Path.of("/var/lib/berth/volumes"))
            .parse(result.out().getBytes(StandardCharsets.UTF_8), "app.yaml")
            .config()
            .services()
            .get("app");
    assertThat(service.container().command()).containsExactly("/app/server", "--port", "80");
    assertThat(service.stop().timeout()).isEqualTo(Duration.ofSeconds(20));
    assertThat(service.lifecycle().tasks(TaskSpec.Role.INIT).getFirst().process().command())
        .containsExactly("/bin/setup", "fast");
    assertThat(service.lifecycle().preStop().process().command())
        .containsExactly("/bin/drain", "--all");
    assertThat(service.lifecycle().main().checks().getFirst().ttl())
        .isEqualTo(Duration.ofSeconds(10));
    assertThat(service.registration().port()).isEqualTo(80);
    assertThat(service.lifecycle().backends().getFirst().onChange().command())
        .containsExactly("/bin/reload");

    Cli.Result json =
        cli.run(
            "service",
            "import",
            "--from",
            "containerpilot",
            "--format",
            "json",
            "--name",
            "shop",
            config.toString(),
            "app:1");
    assertThat(json.exitCode()).isZero();
    assertThat(json.out()).startsWith("{").contains("\"shop\"");
    assertThat(json.err())
        .endsWith(
            "note: no command given: the service runs the image's own; if that starts"
                + " containerpilot, give the application's command after the image\n");
  }

  @Test
  void import_errors_exit2() throws IOException {
    Path config = file("app.json", "{\n  \"services\": [{\"name\": \"app\", \"health\": 7}]\n}");
    Cli.Result result =
        cli.run("service", "import", "--from", "containerpilot", config.toString(), "app:1");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.out()).isEmpty();
    assertThat(result.err())
        .isEqualTo(
            "berth: "
                + config
                + ":2:32: services[0].health: expected a command: a string, or a list of the"
                + " program and its arguments, got 7\n");

    Cli.Result noFrom = cli.run("service", "import", config.toString(), "app:1");
    assertThat(noFrom.exitCode()).isEqualTo(2);
    assertThat(noFrom.err()).contains("Missing required option: '--from=TOOL'");
  }
}
