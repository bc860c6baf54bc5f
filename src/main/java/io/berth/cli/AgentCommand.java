package io.berth.cli;

import io.berth.agent.Agent;
import io.berth.agent.AgentConfigs;
import io.berth.agent.AgentOptions;
import io.berth.agent.Engine;
import io.berth.agent.Settings;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code berth agent}: the long-running supervisor, in the foreground. */
@Command(
    name = "agent",
    mixinStandardHelpOptions = true,
    description = {
      "Run the agent in the foreground: it serves the API on $BERTH_STATE/berth.sock (root only),",
      "supervises containers, and stops them gracefully on SIGTERM or SIGINT."
    })
final class AgentCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--on-restart",
      paramLabel = "adopt|stop",
      defaultValue = "adopt",
      description =
          "What to do with containers still running from before a crash (default: ${DEFAULT-VALUE}).")
  Engine.Recovery recovery;

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE|URL",
      description = "The services to keep: a YAML or JSON file, or an http(s) URL (env BERTH_URL).")
  String config;

  @Option(
      names = "--webhook",
      paramLabel = "HOST:PORT",
      description = "Listen for registry notifications (POST /v1/hooks/registry) on TCP.")
  String webhook;

  @Option(
      names = "--webhook-token",
      paramLabel = "TOKEN",
      description =
          "The bearer token registries must send to the webhook (env BERTH_WEBHOOK_TOKEN).")
  String webhookToken;

  @Option(
      names = "--refresh",
      paramLabel = "DURATION",
      defaultValue = "5m",
      description = "How often a config from a URL is fetched again (default ${DEFAULT-VALUE}).")
  String refresh;

  @Override
  public Integer call() throws Exception {
    // The agent says what it does at INFO unless told otherwise; the CLI stays quiet (WARN).
    if (System.getenv("BERTH_LOG_LEVEL") == null && System.getProperty("berth.log.level") == null) {
      System.setProperty("berth.log.level", "INFO");
    }
    Settings settings = Main.of(spec).settings();
    AgentConfigs.Resolved source = AgentConfigs.resolve(config, System.getenv(), settings);
    AgentOptions options =
        new AgentOptions(
            recovery,
            source.loader(),
            source.file(),
            source.remote() ? AgentConfigs.duration(refresh, "--refresh") : null,
            webhook == null ? null : AgentConfigs.address(webhook),
            webhookToken != null ? webhookToken : System.getenv("BERTH_WEBHOOK_TOKEN"));
    return Agent.run(settings, options);
  }
}
