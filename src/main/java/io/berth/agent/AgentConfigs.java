package io.berth.agent;

import io.berth.config.ConfigException;
import io.berth.config.ConfigParser;
import io.berth.config.ConfigSource;
import io.berth.config.ConfigSources;
import io.berth.config.ConfigWarning;
import io.berth.config.FetchLimits;
import io.berth.config.ParsedConfig;
import io.berth.config.ResolvedSource;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

  /**
   * From {@code -c}, {@code BERTH_URL}, {@code BERTH_META_CONFIG} or {@code BERTH_ENV=ec2}, in that
   * order; no configuration at all when none is given.
   */
  public static Resolved resolve(String flag, Map<String, String> env, Settings settings)
      throws IOException {
    Optional<ResolvedSource> found =
        ConfigSources.resolve(env, Optional.ofNullable(flag), FetchLimits.DEFAULT);
    if (found.isEmpty()) {
      return new Resolved(ConfigLoader.NONE, null, false);
    }
    ConfigSource source = found.get().source();
    List<String> sourceWarnings = found.get().warnings().stream().map(AgentConfigs::text).toList();
    ConfigParser parser = ConfigParser.of(settings.root().resolve("volumes"));
    ConfigLoader loader =
        () -> {
          try {
            ParsedConfig parsed = parser.parse(source.fetch());
            List<String> warnings = new ArrayList<>(sourceWarnings);
            parsed.warnings().forEach(w -> warnings.add(text(w)));
            return new ConfigLoader.Loaded(parsed.config(), warnings);
          } catch (ConfigException e) {
            throw new IOException(e.getMessage(), e);
          }
        };
    String direct = flag != null ? flag : env.get("BERTH_URL");
    boolean url = direct == null || direct.startsWith("http://") || direct.startsWith("https://");
    Path file = url ? null : Path.of(direct).toAbsolutePath();
    return new Resolved(loader, file, url);
  }

  private static String text(ConfigWarning w) {
    return "%s:%d:%d: %s: %s".formatted(w.source(), w.line(), w.column(), w.field(), w.message());
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
