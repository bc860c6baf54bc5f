package io.berth.config;

import io.berth.spec.BerthConfig;
import io.berth.spec.ServiceSpec;
import io.berth.spec.VolumeSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * berth's own format: {@code registries}, {@code volumes}, {@code services}, {@code logging},
 * {@code telemetry}, {@code kv}, {@code discovery}, {@code auth}; see docs/config.md.
 */
final class BerthFormat {
  static final Set<String> SECTIONS =
      Set.of(
          "registries", "volumes", "services", "logging", "telemetry", "kv", "discovery", "auth");

  private BerthFormat() {}

  static BerthConfig read(Field root, Path volumesRoot) {
    if (root.present() && !root.isMap()) {
      throw root.fail(
          "expected a mapping with registries, volumes and services, got " + root.describe());
    }
    root.only(SECTIONS);
    var registries = RegistriesSection.read(root.child("registries"));
    Map<String, VolumeSpec> volumes = VolumesSection.read(root.child("volumes"), volumesRoot);
    Map<String, ServiceSpec> services = new LinkedHashMap<>();
    for (var member : root.child("services").members().entrySet()) {
      services.put(
          member.getKey(), ServiceReader.read(member.getKey(), member.getValue(), volumes));
    }
    try {
      return new BerthConfig(
          registries,
          new ArrayList<>(volumes.values()),
          services,
          root.doc().source(),
          LoggingSection.read(root.child("logging")),
          TelemetrySection.read(root.child("telemetry")),
          KvSection.read(root.child("kv")),
          DiscoverySection.read(root.child("discovery")),
          AuthSection.read(root.child("auth")));
    } catch (IllegalArgumentException e) {
      throw root.fail(e.getMessage(), e);
    }
  }
}
