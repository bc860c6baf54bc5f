package io.berth.agent;

import io.berth.spec.BerthConfig;
import java.io.IOException;
import java.util.List;

/** Reads the agent's primary configuration from wherever it comes from. */
@FunctionalInterface
interface ConfigLoader {
  /** A config with no services, for an agent started without one. */
  ConfigLoader NONE = () -> new Loaded(BerthConfig.empty("none"), List.of());

  /**
   * Reads and validates the configuration; throws with a message that names the source, the place
   * and the field when it is wrong, and never returns half a config.
   */
  Loaded load() throws IOException;

  /** A configuration read, and what it asks for that berth does not honour yet. */
  record Loaded(BerthConfig config, List<String> warnings) {}
}
