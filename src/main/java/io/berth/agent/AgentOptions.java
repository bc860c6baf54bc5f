package io.berth.agent;

import io.berth.spec.LogOverrides;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How the agent runs.
 *
 * @param recovery what to do with containers that still run from before a crash
 * @param config where the services come from, or {@link ConfigLoader#NONE}
 * @param configFile the config's file, watched for changes; null for a URL or none
 * @param refresh how often a config from a URL is fetched again; null for never
 * @param webhook where registries post their notifications, or null for no webhook listener
 * @param webhookToken the bearer token registries must send, or null to accept any caller (bind the
 *     listener to loopback then)
 * @param metrics where plain HTTP serves {@code /metrics}, winning over the config's {@code
 *     telemetry.listen}; null to follow the config
 * @param logging what the command line and environment say about the agent's log, put over the
 *     config's {@code logging} block; null when the embedding program owns the log (tests, the
 *     demo) and the block is not applied
 * @param remote where the API is served to remote clients, or null for the Unix socket only
 */
public record AgentOptions(
    Engine.Recovery recovery,
    ConfigLoader config,
    Path configFile,
    Duration refresh,
    InetSocketAddress webhook,
    String webhookToken,
    InetSocketAddress metrics,
    LogOverrides logging,
    RemoteApi remote) {

  public AgentOptions {
    recovery = recovery == null ? Engine.Recovery.adopt : recovery;
    config = config == null ? ConfigLoader.NONE : config;
  }

  /** Options with no metrics listener of their own, and the log left to the embedding program. */
  public AgentOptions(
      Engine.Recovery recovery,
      ConfigLoader config,
      Path configFile,
      Duration refresh,
      InetSocketAddress webhook,
      String webhookToken) {
    this(recovery, config, configFile, refresh, webhook, webhookToken, null, null, null);
  }

  /** Options with no remote API listener. */
  public AgentOptions(
      Engine.Recovery recovery,
      ConfigLoader config,
      Path configFile,
      Duration refresh,
      InetSocketAddress webhook,
      String webhookToken,
      InetSocketAddress metrics,
      LogOverrides logging) {
    this(recovery, config, configFile, refresh, webhook, webhookToken, metrics, logging, null);
  }

  /** These options with the API served to remote clients as {@code remote} says. */
  public AgentOptions withRemote(RemoteApi remote) {
    return new AgentOptions(
        recovery, config, configFile, refresh, webhook, webhookToken, metrics, logging, remote);
  }

  @Override
  public String toString() {
    return ("AgentOptions[recovery=%s, configFile=%s, refresh=%s, webhook=%s, webhookToken=%s,"
            + " metrics=%s, logging=%s, remote=%s]")
        .formatted(
            recovery,
            configFile,
            refresh,
            webhook,
            webhookToken == null ? null : "<secret>",
            metrics,
            logging,
            remote);
  }
}
