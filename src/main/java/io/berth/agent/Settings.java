package io.berth.agent;

import java.nio.file.Path;

/**
 * Where berth keeps things and how it pulls. Every path comes from a flag or an environment
 * variable, so tests and scripts run side by side in temporary directories.
 *
 * @param root persistent state: blobs, snapshots, containers, logs, the database ({@code
 *     BERTH_ROOT}, default /var/lib/berth)
 * @param state runtime state: the API socket, runc's state ({@code BERTH_STATE}, default
 *     /run/berth)
 * @param registries berth's registries file: credentials and TLS per registry ({@code
 *     BERTH_REGISTRIES}, default /etc/berth/registries.yaml); null when there is none
 * @param dockerConfig Docker's config.json, for credentials ({@code DOCKER_CONFIG}/config.json,
 *     default ~/.docker/config.json; absent is fine)
 * @param parallelLayers how many layers one pull fetches at once
 * @param maxLayerBytes the uncompressed size past which a layer is refused as a bomb
 * @param allowDeviceNodes whether layers may create device nodes
 */
public record Settings(
    Path root,
    Path state,
    Path registries,
    Path dockerConfig,
    int parallelLayers,
    long maxLayerBytes,
    boolean allowDeviceNodes) {

  public static final long DEFAULT_MAX_LAYER_BYTES = 32L << 30;

  public Settings {
    if (root == null || state == null) {
      throw new IllegalArgumentException("berth needs a root and a state directory");
    }
    root = root.toAbsolutePath().normalize();
    state = state.toAbsolutePath().normalize();
    if (parallelLayers < 1) {
      throw new IllegalArgumentException("parallel layers must be at least 1");
    }
    if (maxLayerBytes < 1) {
      throw new IllegalArgumentException("the maximum layer size must be positive");
    }
  }

  /** The default registries file, used when it exists. */
  public static final Path DEFAULT_REGISTRIES = Path.of("/etc/berth/registries.yaml");

  public static Settings of(Path root, Path state) {
    return new Settings(
        root,
        state,
        java.nio.file.Files.exists(DEFAULT_REGISTRIES) ? DEFAULT_REGISTRIES : null,
        defaultDockerConfig(),
        4,
        DEFAULT_MAX_LAYER_BYTES,
        true);
  }

  public static Path defaultDockerConfig() {
    String dir = System.getenv("DOCKER_CONFIG");
    if (dir != null && !dir.isBlank()) {
      return Path.of(dir, "config.json");
    }
    return Path.of(System.getProperty("user.home"), ".docker", "config.json");
  }

  public Path database() {
    return root.resolve("berth.db");
  }

  public Path images() {
    return root;
  }
}
