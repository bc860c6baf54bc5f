package io.berth.spec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The agent's primary configuration: registries and their credentials, volumes, services.
 *
 * @param registries per registry host: credentials and TLS, as the registries file has them
 * @param volumes named volumes
 * @param services the services, by name, in the order declared
 * @param source where it was read from (a path or URL), for messages
 * @param logging the agent's own log
 * @param telemetry where the agent serves its metrics besides the API socket
 * @param kv where the configuration store lives
 * @param discovery where services are registered
 * @param auth who may log in to the remote API
 */
public record BerthConfig(
    Map<String, RegistryEntry> registries,
    List<VolumeSpec> volumes,
    Map<String, ServiceSpec> services,
    String source,
    LoggingSpec logging,
    TelemetrySpec telemetry,
    KvSpec kv,
    DiscoverySpec discovery,
    AuthSpec auth) {

  public BerthConfig {
    auth = auth == null ? AuthSpec.NONE : auth;
    kv = kv == null ? KvSpec.DEFAULT : kv;
    discovery = discovery == null ? DiscoverySpec.DEFAULT : discovery;
    logging = logging == null ? LoggingSpec.DEFAULT : logging;
    telemetry = telemetry == null ? TelemetrySpec.NONE : telemetry;
    registries =
        registries == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(registries));
    volumes = volumes == null ? List.of() : List.copyOf(volumes);
    services =
        services == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(services));
    java.util.Set<String> names = new java.util.HashSet<>();
    for (VolumeSpec volume : volumes) {
      if (!names.add(volume.name())) {
        throw new IllegalArgumentException(
            "volume '%s' is declared twice".formatted(volume.name()));
      }
    }
  }

  /** A config with the default logging and no metrics listener. */
  public BerthConfig(
      Map<String, RegistryEntry> registries,
      List<VolumeSpec> volumes,
      Map<String, ServiceSpec> services,
      String source) {
    this(registries, volumes, services, source, null, null, null, null, null);
  }

  /** A config with the default configuration store. */
  public BerthConfig(
      Map<String, RegistryEntry> registries,
      List<VolumeSpec> volumes,
      Map<String, ServiceSpec> services,
      String source,
      LoggingSpec logging,
      TelemetrySpec telemetry) {
    this(registries, volumes, services, source, logging, telemetry, null, null, null);
  }

  /** A config with the default discovery. */
  public BerthConfig(
      Map<String, RegistryEntry> registries,
      List<VolumeSpec> volumes,
      Map<String, ServiceSpec> services,
      String source,
      LoggingSpec logging,
      TelemetrySpec telemetry,
      KvSpec kv) {
    this(registries, volumes, services, source, logging, telemetry, kv, null, null);
  }

  /** A config with no users for the remote API. */
  public BerthConfig(
      Map<String, RegistryEntry> registries,
      List<VolumeSpec> volumes,
      Map<String, ServiceSpec> services,
      String source,
      LoggingSpec logging,
      TelemetrySpec telemetry,
      KvSpec kv,
      DiscoverySpec discovery) {
    this(registries, volumes, services, source, logging, telemetry, kv, discovery, null);
  }

  public static BerthConfig empty(String source) {
    return new BerthConfig(null, null, null, source);
  }

  /**
   * Credentials and TLS for one registry.
   *
   * @param password the password itself, or null when {@code passwordFile} names a file holding it;
   *     never logged
   */
  public record RegistryEntry(
      String username,
      String password,
      String passwordFile,
      Boolean tlsVerify,
      List<String> caFiles) {
    public RegistryEntry {
      caFiles = caFiles == null ? List.of() : List.copyOf(caFiles);
      if (password != null && passwordFile != null) {
        throw new IllegalArgumentException("give password or passwordFile, not both");
      }
      if (username != null && password == null && passwordFile == null) {
        throw new IllegalArgumentException(
            "username '%s' has no password or passwordFile".formatted(username));
      }
    }

    @Override
    public String toString() {
      return "RegistryEntry[username="
          + username
          + ", password="
          + (password == null ? null : "<secret>")
          + ", passwordFile="
          + passwordFile
          + ", tlsVerify="
          + tlsVerify
          + ", caFiles="
          + caFiles
          + "]";
    }
  }
}
