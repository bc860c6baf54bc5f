package io.berth.api;

/**
 * A push a registry reported: which repository, which tag (null for a push by digest), the
 * manifest's digest, and the registry's host as it named itself (null when it did not say).
 */
public record RegistryPush(String registry, String repository, String tag, String digest) {
  public RegistryPush {
    if (repository == null || repository.isBlank()) {
      throw ApiException.badRequest("a push needs a repository");
    }
  }
}
