package io.berth.config;

import io.berth.spec.BerthConfig;
import java.util.List;

/**
 * A config berth can run, and what it said about it.
 *
 * @param config the validated config
 * @param warnings what berth accepted but does not do as written; to be logged, never dropped
 * @param dialect which format it was written in
 */
public record ParsedConfig(BerthConfig config, List<ConfigWarning> warnings, Dialect dialect) {
  public ParsedConfig {
    warnings = List.copyOf(warnings);
  }

  /** The formats berth reads. */
  public enum Dialect {
    /** berth's own: registries, volumes, services. */
    BERTH,
    /** Frontloader's primary config: docker, kernel, volumes, container. */
    FRONTLOADER
  }
}
