package io.berth.agent;

import java.util.Map;

/** Bridges the agent to the config package's sources and parser. */
final class ConfigSources {
  private ConfigSources() {}

  static AgentConfigs.Resolved resolve(String flag, Map<String, String> env, Settings settings) {
    if (flag == null
        && !env.containsKey("BERTH_URL")
        && !env.containsKey("BERTH_META_CONFIG")
        && !"ec2".equals(env.get("BERTH_ENV"))) {
      return new AgentConfigs.Resolved(ConfigLoader.NONE, null, false);
    }
    throw new IllegalArgumentException("configuration files are not wired yet");
  }
}
