package io.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.agent.AgentOptions;
import io.berth.agent.EmbeddedAgent;
import io.berth.agent.Engine;
import io.berth.testing.BerthHome;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code berth events} against an agent in this process, through its socket. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class EventsCommandTest {
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
    Engine engine = (Engine) agent.berth();
    engine.eventBus().publish("demo.first", "web", Map.of("k", "v"));
    engine.eventBus().publish("other.second", "db", Map.of());
    engine.eventBus().publish("demo.third", "web", Map.of());
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
  void events_sinceWithTypeFilter_printsOneLineEach() {
    Cli.Result result = cli.run("events", "--since", "0", "--type", "demo.", "--count", "2");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out().lines().toList())
        .hasSize(2)
        .satisfiesExactly(
            first -> assertThat(first).contains(" demo.first web k=v"),
            second -> assertThat(second).endsWith(" demo.third web"));
  }

  @Test
  void events_json_printsTheEventDocuments() {
    Cli.Result result =
        cli.run("events", "--since", "0", "--service", "db", "--count", "1", "--format", "json");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).contains("\"type\":\"other.second\"", "\"subject\":\"db\"");
  }
}
