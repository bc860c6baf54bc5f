package io.berth.config;

import java.util.Optional;

/** Remembers the digest of the config a source last returned, to tell a change from a repeat. */
final class ChangeTracker {
  private String lastSha256;

  synchronized FetchedConfig returned(FetchedConfig config) {
    lastSha256 = config.sha256();
    return config;
  }

  synchronized Optional<FetchedConfig> ifChanged(FetchedConfig config) {
    String sha256 = config.sha256();
    if (sha256.equals(lastSha256)) {
      return Optional.empty();
    }
    lastSha256 = sha256;
    return Optional.of(config);
  }
}
