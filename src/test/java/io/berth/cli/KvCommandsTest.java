package io.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.agent.AgentOptions;
import io.berth.agent.EmbeddedAgent;
import io.berth.agent.Engine;
import io.berth.testing.BerthHome;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code berth kv ...} against an agent in this process, through its socket. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class KvCommandsTest {
  private BerthHome home;
  private EmbeddedAgent agent;
  private Cli cli;

  @BeforeEach
  void startAgent() throws Exception {
    home = BerthHome.create();
    agent =
        EmbeddedAgent.start(
            home.settings(), new AgentOptions(Engine.Recovery.stop, null, null, null, null, null));
    cli = new Cli(home);
  }

  @AfterEach
  void stopAgent() {
    try {
      agent.close();
    } finally {
      home.close();
    }
  }

  @Test
  void putGetLsRm_valuesAreJsonWhenTheyParse() {
    assertThat(cli.run("kv", "put", "/org/app/db/port", "5432").out())
        .startsWith("/org/app/db/port: revision ");
    cli.run("kv", "put", "/org/app/db/host", "db.internal");
    cli.run("kv", "put", "/org/app/tags", "[\"a\", \"b\"]");
    cli.run("kv", "put", "/org/app/quoted", "\"5432\"");

    assertThat(cli.run("kv", "get", "/org/app/db/port").out()).isEqualTo("5432\n");
    assertThat(cli.run("kv", "get", "/org/app/db/host").out()).isEqualTo("db.internal\n");
    assertThat(cli.run("kv", "get", "/org/app/tags").out()).isEqualTo("[\"a\",\"b\"]\n");
    assertThat(cli.run("kv", "get", "--format", "json", "/org/app/quoted").out())
        .contains("\"value\" : \"5432\"", "\"modRevision\"");

    String ls = cli.run("kv", "ls", "/org/app").out();
    assertThat(ls).contains("NAME", "db/", "tags", "[\"a\",\"b\"]");

    assertThat(cli.run("kv", "rm", "/org/app/tags").out()).contains("1 key deleted");
    Cli.Result gone = cli.run("kv", "get", "/org/app/tags");
    assertThat(gone.exitCode()).isEqualTo(1);
    assertThat(gone.err()).contains("no key /org/app/tags");

    assertThat(cli.run("kv", "rm", "-r", "/org/").out()).contains("3 keys deleted");
  }

  @Test
  void casAndSecretsAndBadPaths_failWithTheReason() {
    cli.run("kv", "put", "--cas", "0", "/app/mode", "blue");
    Cli.Result again = cli.run("kv", "put", "--cas", "0", "/app/mode", "green");
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.err()).contains("compare-and-set on /app/mode failed", "current revision");

    cli.run("kv", "put", "--secret", "/app/password", "hunter2");
    assertThat(cli.run("kv", "get", "/app/password").out()).isEqualTo("<secret>\n");
    assertThat(cli.run("kv", "get", "--reveal", "/app/password").out()).isEqualTo("hunter2\n");
    assertThat(cli.run("kv", "dump", "/app/").out()).doesNotContain("hunter2");

    Cli.Result bad = cli.run("kv", "get", "relative/key");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("relative/key", "absolute");
  }

  @Test
  void dconf_dumpThenLoad_roundTrips(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    cli.run("kv", "put", "/org/gnome/app/size", "[800, 600]");
    cli.run("kv", "put", "/org/gnome/app/title", "Hello, world");
    cli.run("kv", "put", "/org/gnome/app/window/maximized", "true");
    Cli.Result dump = cli.run("kv", "dump", "--format", "dconf", "/org/gnome/");
    assertThat(dump.exitCode()).isEqualTo(0);
    assertThat(dump.out())
        .contains("[app]", "title='Hello, world'", "[app/window]", "maximized=true");
    Path file = dir.resolve("gnome.ini");
    Files.writeString(file, dump.out(), StandardCharsets.UTF_8);

    cli.run("kv", "rm", "-r", "/org/gnome/");
    assertThat(cli.run("kv", "load", "/org/gnome/", file.toString()).out())
        .startsWith("3 keys written");
    assertThat(cli.run("kv", "dump", "--format", "dconf", "/org/gnome/").out())
        .isEqualTo(dump.out());
    assertThat(cli.run("kv", "get", "/org/gnome/app/size").out()).isEqualTo("[800,600]\n");

    Files.writeString(file, "[app]\nbroken\n");
    Cli.Result broken = cli.run("kv", "load", "/org/gnome/", file.toString());
    assertThat(broken.exitCode()).isEqualTo(2);
    assertThat(broken.err()).contains("line 2");
  }

  @Test
  void watch_printsChangesUntilCount() throws Exception {
    String revision =
        cli.run("kv", "put", "/w/first", "1").out().replaceAll(".*revision (\\d+)\\s*", "$1");
    AtomicReference<Cli.Result> watched = new AtomicReference<>();
    Thread watcher =
        Thread.ofVirtual()
            .start(
                () ->
                    watched.set(
                        cli.run("kv", "watch", "--since", revision, "--count", "2", "/w/")));
    cli.run("kv", "put", "/w/second", "two");
    cli.run("kv", "rm", "/w/first");
    assertThat(watcher.join(java.time.Duration.ofSeconds(30))).isTrue();
    assertThat(watched.get().exitCode()).isEqualTo(0);
    assertThat(watched.get().out().lines())
        .hasSize(2)
        .satisfies(
            lines -> {
              assertThat(lines.get(0)).endsWith("changed /w/second = two");
              assertThat(lines.get(1)).endsWith("deleted /w/first");
            });
  }
}
