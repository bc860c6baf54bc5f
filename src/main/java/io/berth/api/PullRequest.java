package io.berth.api;

/**
 * What to pull.
 *
 * @param reference an image reference, such as {@code busybox} or {@code host:5000/app:v2}
 * @param platform {@code os/arch[/variant]}, or null for the host's
 * @param tlsVerify false to allow plain HTTP or unverified TLS for this registry, as podman's
 *     {@code --tls-verify=false}; null to follow the registries file
 */
public record PullRequest(String reference, String platform, Boolean tlsVerify) {
  public PullRequest {
    if (reference == null || reference.isBlank()) {
      throw ApiException.badRequest("a pull needs an image reference");
    }
  }

  public static PullRequest of(String reference) {
    return new PullRequest(reference, null, null);
  }
}
