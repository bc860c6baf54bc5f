package io.berth.agent;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** Turns the agent's flags and environment into where its configuration comes from. */
public final class AgentConfigs {
  private AgentConfigs() {}

  /**
   * Where the configuration comes from.
   *
   * @param file the file to watch for changes, when it is one
   * @param remote fetched from a URL (re-fetched on a timer)
   */
  public record Resolved(ConfigLoader loader, Path file, boolean remote) {}

  /** From {@code -c}, {@code BERTH_URL}, {@code BERTH_META_CONFIG} or {@code BERTH_ENV=ec2}. */
  public static Resolved resolve(String flag, Map<String, String> env, Settings settings) {
    return ConfigSources.resolve(flag, env, settings);
  }

  public static Duration duration(String text, String option) {
    try {
      String t = text.strip().toUpperCase(java.util.Locale.ROOT);
      return t.matches("\\d+") ? Duration.ofSeconds(Long.parseLong(t)) : Duration.parse("PT" + t);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "invalid %s '%s': expected a duration such as 30s, 5m or 1h".formatted(option, text));
    }
  }

  /** {@code HOST:PORT}; a port alone means loopback. */
  public static InetSocketAddress address(String text) {
    int colon = text.lastIndexOf(':');
    try {
      if (colon < 0) {
        return new InetSocketAddress("127.0.0.1", Integer.parseInt(text));
      }
      String host = text.substring(0, colon);
      return new InetSocketAddress(
          host.isEmpty() ? "127.0.0.1" : host, Integer.parseInt(text.substring(colon + 1)));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "invalid address '%s': expected HOST:PORT".formatted(text));
    }
  }
}
