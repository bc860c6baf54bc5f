package io.berth.image.registry;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How berth talks to one registry host.
 *
 * @param host the registry as image references name it, normalised by {@link #normaliseHost}:
 *     {@code docker.io}, {@code registry.example.com}, {@code localhost:5000}
 * @param credentials the login for this host, if any
 * @param tlsVerify false allows an unverified TLS certificate, and plain HTTP when the host does
 *     not speak TLS at all (podman's {@code --tls-verify=false}); never the default
 * @param caFiles PEM files of certificate authorities trusted for this host, in addition to the
 *     system's trust store
 */
public record HostConfig(
    String host, Optional<Credentials> credentials, boolean tlsVerify, List<Path> caFiles) {

  public HostConfig {
    host = normaliseHost(host);
    credentials = credentials == null ? Optional.empty() : credentials;
    caFiles = caFiles == null ? List.of() : List.copyOf(caFiles);
  }

  /** A host with no credentials, verified TLS and the system's trust store. */
  public static HostConfig of(String host) {
    return new HostConfig(host, Optional.empty(), true, List.of());
  }

  public HostConfig withCredentials(Credentials login) {
    return new HostConfig(host, Optional.of(login), tlsVerify, caFiles);
  }

  public HostConfig withTlsVerify(boolean verify) {
    return new HostConfig(host, credentials, verify, caFiles);
  }

  public HostConfig withCaFiles(List<Path> files) {
    return new HostConfig(host, credentials, tlsVerify, files);
  }

  /**
   * The key berth files a host under. Docker's config names Docker Hub {@code
   * https://index.docker.io/v1/} and other hosts with or without a scheme and path; all of them
   * come down to the registry part of an image reference, lower-cased.
   */
  public static String normaliseHost(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("empty registry host");
    }
    String host = name.strip();
    int scheme = host.indexOf("://");
    if (scheme >= 0) {
      host = host.substring(scheme + 3);
    }
    int slash = host.indexOf('/');
    if (slash >= 0) {
      host = host.substring(0, slash);
    }
    host = host.toLowerCase(Locale.ROOT);
    if (host.isEmpty() || host.contains("@") || host.contains(" ")) {
      throw new IllegalArgumentException("invalid registry host '%s'".formatted(name));
    }
    return switch (host) {
      case "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com" -> "docker.io";
      default -> host;
    };
  }
}
