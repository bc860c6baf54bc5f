package io.berth.agent;

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
 */
public record AgentOptions(
    Engine.Recovery recovery,
    ConfigLoader config,
    Path configFile,
    Duration refresh,
    InetSocketAddress webhook,
    String webhookToken) {

  public AgentOptions {
    recovery = recovery == null ? Engine.Recovery.adopt : recovery;
    config = config == null ? ConfigLoader.NONE : config;
  }

  @Override
  public String toString() {
    return "AgentOptions[recovery=%s, configFile=%s, refresh=%s, webhook=%s, webhookToken=%s]"
        .formatted(
            recovery, configFile, refresh, webhook, webhookToken == null ? null : "<secret>");
  }
}
