package io.berth.cli;

import io.berth.agent.Agent;
import io.berth.agent.Engine;
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

  @Override
  public Integer call() throws Exception {
    // The agent says what it does at INFO unless told otherwise; the CLI stays quiet (WARN).
    if (System.getenv("BERTH_LOG_LEVEL") == null && System.getProperty("berth.log.level") == null) {
      System.setProperty("berth.log.level", "INFO");
    }
    return Agent.run(Main.of(spec).settings(), recovery);
  }
}
