package io.berth.image.registry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a {@link RegistryClient} needs to know: per-host logins and TLS settings, retries,
 * timeouts and size caps.
 *
 * @param hosts per-host settings, keyed by {@link HostConfig#normaliseHost normalised} host; a host
 *     that is not listed gets {@link HostConfig#of its defaults}
 * @param retry how transient failures are retried
 * @param connectTimeout how long to wait for a TCP (and TLS) connection
 * @param responseTimeout how long to wait for the headers of an answer, and for each next bytes of
 *     its body; a body as a whole (a layer) may take as long as it needs
 * @param maxManifestBytes manifests larger than this are refused
 * @param maxSmallBlobBytes {@link RegistryClient#fetchBlob} refuses blobs larger than this
 */
public record RegistryConfig(
    Map<String, HostConfig> hosts,
    RetryPolicy retry,
    Duration connectTimeout,
    Duration responseTimeout,
    int maxManifestBytes,
    int maxSmallBlobBytes) {

  public static final int DEFAULT_MAX_MANIFEST_BYTES = 4 << 20;
  public static final int DEFAULT_MAX_SMALL_BLOB_BYTES = 16 << 20;

  public RegistryConfig {
    hosts = hosts == null ? Map.of() : Map.copyOf(hosts);
    for (var entry : hosts.entrySet()) {
      if (!entry.getKey().equals(entry.getValue().host())) {
        throw new IllegalArgumentException(
            "host settings for '%s' are filed under '%s'"
                .formatted(entry.getValue().host(), entry.getKey()));
      }
    }
    if (retry == null) {
      throw new IllegalArgumentException("missing retry policy");
    }
    requirePositive("connectTimeout", connectTimeout);
    requirePositive("responseTimeout", responseTimeout);
    if (maxManifestBytes <= 0 || maxSmallBlobBytes <= 0) {
      throw new IllegalArgumentException("size caps must be positive");
    }
  }

  /** No hosts configured, {@link RetryPolicy#defaults()}, 10 s to connect, 30 s for headers. */
  public static RegistryConfig defaults() {
    return new RegistryConfig(
        Map.of(),
        RetryPolicy.defaults(),
        Duration.ofSeconds(10),
        Duration.ofSeconds(30),
        DEFAULT_MAX_MANIFEST_BYTES,
        DEFAULT_MAX_SMALL_BLOB_BYTES);
  }

  /**
   * Reads berth's registries file and Docker's config.json, either of which may be null. Settings
   * in berth's file win over Docker's; a Docker config file that does not exist is no error.
   *
   * @throws RegistryConfigException naming the file and field that is wrong
   */
  public static RegistryConfig load(Path registriesFile, Path dockerConfigFile) {
    Map<String, HostConfig> merged = new LinkedHashMap<>();
    if (dockerConfigFile != null && Files.exists(dockerConfigFile)) {
      for (var entry : DockerConfigFile.read(dockerConfigFile).entrySet()) {
        merged.put(entry.getKey(), HostConfig.of(entry.getKey()).withCredentials(entry.getValue()));
      }
    }
    if (registriesFile != null) {
      for (HostConfig own : RegistriesFile.read(registriesFile)) {
        HostConfig docker = merged.get(own.host());
        if (own.credentials().isEmpty() && docker != null) {
          own = own.withCredentials(docker.credentials().orElseThrow());
        }
        merged.put(own.host(), own);
      }
    }
    return defaults().withHosts(merged);
  }

  /**
   * Docker's config.json: {@code $DOCKER_CONFIG/config.json}, else {@code ~/.docker/config.json}.
   */
  public static Path defaultDockerConfig() {
    String dir = System.getenv("DOCKER_CONFIG");
    if (dir != null && !dir.isBlank()) {
      return Path.of(dir, "config.json");
    }
    return Path.of(System.getProperty("user.home"), ".docker", "config.json");
  }

  /** The settings for {@code registry} (any spelling {@link HostConfig#normaliseHost} accepts). */
  public HostConfig host(String registry) {
    String key = HostConfig.normaliseHost(registry);
    return Optional.ofNullable(hosts.get(key)).orElseGet(() -> HostConfig.of(key));
  }

  public RegistryConfig withHost(HostConfig host) {
    Map<String, HostConfig> copy = new LinkedHashMap<>(hosts);
    copy.put(host.host(), host);
    return withHosts(copy);
  }

  public RegistryConfig withHosts(Map<String, HostConfig> newHosts) {
    return new RegistryConfig(
        newHosts, retry, connectTimeout, responseTimeout, maxManifestBytes, maxSmallBlobBytes);
  }

  public RegistryConfig withRetry(RetryPolicy policy) {
    return new RegistryConfig(
        hosts, policy, connectTimeout, responseTimeout, maxManifestBytes, maxSmallBlobBytes);
  }

  public RegistryConfig withTimeouts(Duration connect, Duration response) {
    return new RegistryConfig(hosts, retry, connect, response, maxManifestBytes, maxSmallBlobBytes);
  }

  public RegistryConfig withSizeCaps(int manifestBytes, int smallBlobBytes) {
    return new RegistryConfig(
        hosts, retry, connectTimeout, responseTimeout, manifestBytes, smallBlobBytes);
  }

  private static void requirePositive(String name, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be a positive duration, not " + value);
    }
  }
}
