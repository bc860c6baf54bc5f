package io.berth.cli;

import io.berth.agent.Agent;
import io.berth.agent.AgentConfigs;
import io.berth.agent.AgentOptions;
import io.berth.agent.Engine;
import io.berth.agent.RemoteApi;
import io.berth.agent.Settings;
import io.berth.spec.LogOverrides;
import io.berth.spec.LoggingSpec;
import java.nio.file.Path;
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
      names = "--listen",
      paramLabel = "HOST:PORT",
      description = {
        "Serve the API to remote clients on TCP, over TLS; every request needs a token",
        "(berth token create, or POST /v1/auth/login). Without --tls-cert, a self-signed",
        "certificate is made under --root and its fingerprint logged."
      })
  String listen;

  @Option(names = "--tls-cert", paramLabel = "PEM", description = "The TLS certificate chain.")
  Path tlsCert;

  @Option(names = "--tls-key", paramLabel = "PEM", description = "The TLS certificate's key.")
  Path tlsKey;

  @Option(
      names = "--insecure-plain",
      description = "Serve --listen in plain HTTP instead of TLS: on a loopback address only.")
  boolean insecurePlain;

  @Option(
      names = "--refresh",
      paramLabel = "DURATION",
      defaultValue = "5m",
      description = "How often a config from a URL is fetched again (default ${DEFAULT-VALUE}).")
  String refresh;

  @Option(
      names = "--metrics",
      paramLabel = "HOST:PORT",
      description =
          "Serve Prometheus metrics (GET /metrics) over plain HTTP on TCP too; wins over the"
              + " config's telemetry.listen. The API socket serves /metrics anyway.")
  String metrics;

  @Option(
      names = "--log-level",
      paramLabel = "LEVEL",
      description =
          "The agent's log level: TRACE, DEBUG, INFO, WARN, ERROR or OFF (env BERTH_LOG_LEVEL);"
              + " wins over the config's logging.level.")
  String logLevel;

  @Option(
      names = "--log-format",
      paramLabel = "text|json",
      description = "The agent's log format (env BERTH_LOG_FORMAT); wins over logging.format.")
  String logFormat;

  @Option(
      names = "--log-output",
      paramLabel = "stdout|stderr|FILE",
      description = "Where the agent logs (env BERTH_LOG_OUTPUT); wins over logging.output.")
  String logOutput;

  @Override
  public Integer call() throws Exception {
    LogOverrides logging = logOverrides();
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
            webhookToken != null ? webhookToken : System.getenv("BERTH_WEBHOOK_TOKEN"),
            metrics == null ? null : AgentConfigs.address(metrics),
            logging);
    if (listen != null) {
      try {
        options =
            options.withRemote(
                new RemoteApi(
                    AgentConfigs.address(listen),
                    tlsCert,
                    tlsKey,
                    insecurePlain,
                    System.getenv("BERTH_ADMIN_PASSWORD")));
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
    } else if (tlsCert != null || tlsKey != null || insecurePlain) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--tls-cert, --tls-key and --insecure-plain go with --listen");
    }
    return Agent.run(settings, options);
  }

  /** The flags, else the environment (and -Dberth.log.level), over the config's logging block. */
  private LogOverrides logOverrides() {
    String output = first(logOutput, System.getenv("BERTH_LOG_OUTPUT"));
    if (output != null
        && !output.equals(LoggingSpec.STDOUT)
        && !output.equals(LoggingSpec.STDERR)
        && !output.isBlank()) {
      output = Path.of(output).toAbsolutePath().normalize().toString();
    }
    try {
      return LogOverrides.parse(
          first(logLevel, System.getenv("BERTH_LOG_LEVEL"), System.getProperty("berth.log.level")),
          first(logFormat, System.getenv("BERTH_LOG_FORMAT")),
          output);
    } catch (IllegalArgumentException e) {
      // a bad value is bad usage (exit 2), named with where it can come from
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--log-level, --log-format (or BERTH_LOG_LEVEL, BERTH_LOG_FORMAT): " + e.getMessage());
    }
  }

  private static String first(String... values) {
    for (String value : values) {
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    return null;
  }
}
