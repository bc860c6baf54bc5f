package io.berth.agent;

import io.berth.image.registry.RegistryClient;
import io.berth.image.registry.RegistryConfig;
import io.berth.spec.ImageRef;
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

  Registries(Settings settings) {
    this.settings = settings;
  }

  /** A client for pulling {@code ref}; owned by this object, do not close it. */
  synchronized RegistryClient client(ImageRef ref, Boolean tlsVerify) {
    RegistryConfig config = RegistryConfig.load(settings.registries(), settings.dockerConfig());
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

  @Override
  public synchronized void close() {
    clients.values().forEach(RegistryClient::close);
    clients.clear();
  }
}
