package io.berth.config;

import java.util.List;

/**
 * The source of the primary config, how it was found, and what the meta config said that berth does
 * not do.
 *
 * @param source the source to fetch the primary config from, again and again
 * @param origin how it was found, for the log: {@code -c}, {@code BERTH_URL}, {@code
 *     BERTH_META_CONFIG (plain)}, {@code EC2 user-data via IMDSv2 (aws-sm)}...
 * @param warnings about the meta config, such as a machineRole berth does not use
 */
public record ResolvedSource(ConfigSource source, String origin, List<ConfigWarning> warnings) {
  public ResolvedSource {
    warnings = List.copyOf(warnings);
  }
}
