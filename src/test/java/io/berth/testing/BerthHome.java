package io.berth.testing;

import io.berth.agent.Engine;
import io.berth.agent.Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A berth of its own for one test: root and state directories in a temporary directory, and a
 * registries file that knows the test's registries (plain ones without TLS verification,
 * authenticated ones with their credentials, TLS ones with their CA).
 */
public final class BerthHome implements AutoCloseable {
  private final TempDirectory directory;
  private final List<TestRegistry> registries = new ArrayList<>();
  private long maxLayerBytes = Settings.DEFAULT_MAX_LAYER_BYTES;
  private boolean allowDeviceNodes = true;

  private BerthHome(TempDirectory directory) {
    this.directory = directory;
  }

  public static BerthHome create() {
    return new BerthHome(TempDirectory.create("berth-home-"));
  }

  /** Lets berth pull from {@code registry} with the registry's credentials and trust. */
  public BerthHome trust(TestRegistry registry) {
    registries.add(registry);
    return this;
  }

  public BerthHome maxLayerBytes(long bytes) {
    this.maxLayerBytes = bytes;
    return this;
  }

  public BerthHome allowDeviceNodes(boolean allowed) {
    this.allowDeviceNodes = allowed;
    return this;
  }

  public Path root() {
    return directory.resolve("root");
  }

  public Path state() {
    return directory.resolve("state");
  }

  public Path directory() {
    return directory.path();
  }

  public Path registriesFile() {
    Path file = directory.resolve("registries.yaml");
    StringBuilder yaml = new StringBuilder("registries:\n");
    for (TestRegistry registry : registries) {
      yaml.append("  \"").append(registry.host()).append("\":\n");
      if (registry.caCertificate().isPresent()) {
        yaml.append("    caFiles: [\"").append(registry.caCertificate().get()).append("\"]\n");
      } else {
        yaml.append("    tlsVerify: false\n");
      }
      registry
          .credentials()
          .ifPresent(
              c ->
                  yaml.append("    username: \"")
                      .append(c.username())
                      .append("\"\n    password: \"")
                      .append(c.password())
                      .append("\"\n"));
    }
    try {
      Files.writeString(file, registries.isEmpty() ? "registries: {}\n" : yaml.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  public Settings settings() {
    return new Settings(
        root(),
        state(),
        registriesFile(),
        directory.resolve("no-docker-config.json"),
        4,
        maxLayerBytes,
        allowDeviceNodes);
  }

  /** An engine over this home; close it before the home. */
  public Engine engine() {
    try {
      return Engine.open(settings());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Global CLI options that point berth at this home. */
  public List<String> cliOptions() {
    return List.of(
        "--root",
        root().toString(),
        "--state",
        state().toString(),
        "--registries",
        registriesFile().toString());
  }

  @Override
  public void close() {
    directory.close();
  }
}
