package io.berth.agent;

import io.berth.image.registry.Credentials;
import io.berth.image.registry.HostConfig;
import io.berth.image.registry.RegistryClient;
import io.berth.image.registry.RegistryConfig;
import io.berth.spec.BerthConfig;
import io.berth.spec.ImageRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Registry clients configured from berth's registries file and Docker's config.json. The files are
 * read for each pull, so credentials changed on disk apply without a restart; a client is kept
 * while its configuration stays the same, so its connections and bearer tokens are reused from pull
 * to pull.
 */
final class Registries implements AutoCloseable {
  private final Settings settings;
  private final Map<RegistryConfig, RegistryClient> clients = new HashMap<>();
  private Map<String, BerthConfig.RegistryEntry> declared = Map.of();

  Registries(Settings settings) {
    this.settings = settings;
  }

  /** A client for pulling {@code ref}; owned by this object, do not close it. */
  synchronized RegistryClient client(ImageRef ref, Boolean tlsVerify) {
    RegistryConfig config = RegistryConfig.load(settings.registries(), settings.dockerConfig());
    for (var entry : declared.entrySet()) {
      config = config.withHost(hostConfig(config.host(entry.getKey()), entry.getValue()));
    }
    if (tlsVerify != null && !tlsVerify) {
      config = config.withHost(config.host(ref.registry()).withTlsVerify(false));
    }
    RegistryClient client = clients.get(config);
    if (client == null) {
      if (clients.size() >= 8) {
        // configurations changed many times (credential rotation, --tls-verify toggles): start over
        close();
      }
      client = RegistryClient.create(config);
      clients.put(config, client);
    }
    return client;
  }

  /**
   * The registries the agent's configuration declares; they win over the registries file and
   * Docker's config.json, host by host.
   */
  synchronized void declare(Map<String, BerthConfig.RegistryEntry> registries) {
    declared = Map.copyOf(registries);
  }

  private static HostConfig hostConfig(HostConfig base, BerthConfig.RegistryEntry entry) {
    HostConfig host = base;
    if (entry.username() != null) {
      String password = entry.password();
      if (password == null) {
        try {
          password = Files.readString(Path.of(entry.passwordFile())).strip();
        } catch (IOException e) {
          throw new IllegalArgumentException(
              "registry %s: cannot read passwordFile %s: %s"
                  .formatted(base.host(), entry.passwordFile(), e.getMessage()));
        }
      }
      host = host.withCredentials(new Credentials(entry.username(), password));
    }
    if (entry.tlsVerify() != null) {
      host = host.withTlsVerify(entry.tlsVerify());
    }
    if (!entry.caFiles().isEmpty()) {
      host = host.withCaFiles(entry.caFiles().stream().map(Path::of).toList());
    }
    return host;
  }

  @Override
  public synchronized void close() {
    clients.values().forEach(RegistryClient::close);
    clients.clear();
  }
}
