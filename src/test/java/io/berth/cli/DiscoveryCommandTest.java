package io.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.api.FakeBerth;
import io.berth.api.ServiceInstance;
import io.berth.api.server.ApiServer;
import io.berth.testing.BerthHome;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code berth discovery ls}, against an API server on the home's socket. */
class DiscoveryCommandTest {
  private BerthHome home;
  private ApiServer server;
  private FakeBerth fake;
  private Cli cli;

  @BeforeEach
  void start() throws Exception {
    home = BerthHome.create();
    fake = new FakeBerth();
    Files.createDirectories(home.state());
    server = ApiServer.builder(fake).unixSocket(home.state().resolve("berth.sock")).start();
    cli = new Cli(home);
    fake.discovery()
        .add(
            new ServiceInstance(
                "web-h1", "web", "10.0.0.5", 8080, List.of("http", "v1"), Map.of("zone", "a")));
    fake.discovery().add(new ServiceInstance("db-h1", "db", "10.0.0.6", 5432, null, null));
  }

  @AfterEach
  void stop() {
    server.close();
    home.close();
  }

  @Test
  void ls_printsATable_ofEveryServiceOrOne() {
    Cli.Result all = cli.run("discovery", "ls");
    Cli.Result web = cli.run("discovery", "ls", "web");

    assertThat(all.exitCode()).as(all.toString()).isZero();
    assertThat(all.out().lines().toList())
        .hasSize(3)
        .first()
        .asString()
        .startsWith("SERVICE")
        .contains("ID", "ADDRESS", "PORT", "TAGS", "META");
    assertThat(all.out()).containsPattern("web\\s+web-h1\\s+10.0.0.5\\s+8080\\s+http,v1\\s+zone=a");
    assertThat(all.out()).containsPattern("db\\s+db-h1\\s+10.0.0.6\\s+5432\\s+-\\s+-");
    assertThat(web.out()).contains("web-h1").doesNotContain("db-h1");
  }

  @Test
  void ls_formatJson_printsTheInstances() {
    Cli.Result result = cli.run("discovery", "ls", "db", "--format", "json");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out()).contains("\"id\" : \"db-h1\"", "\"port\" : 5432");
  }
}
