package io.berth.agent;

import io.berth.image.registry.RegistryClient;
import io.berth.image.registry.RegistryConfig;
import io.berth.spec.ImageRef;
import java.io.IOException;

/** Registry clients configured from berth's registries file and Docker's config.json. */
final class Registries {
  private final Settings settings;

  Registries(Settings settings) {
    this.settings = settings;
  }

  /**
   * A client for pulling {@code ref}. The files are read for each pull, so credentials changed on
   * disk apply without a restart.
   */
  RegistryClient client(ImageRef ref, Boolean tlsVerify) throws IOException {
    RegistryConfig config = RegistryConfig.load(settings.registries(), settings.dockerConfig());
    if (tlsVerify != null && !tlsVerify) {
      config = config.withHost(config.host(ref.registry()).withTlsVerify(false));
    }
    return RegistryClient.create(config);
  }
}
