package io.berth.config;

import io.berth.spec.CoordSpec;
import io.berth.spec.DiscoverySpec;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code discovery:}, where services are registered: {@code backend} ({@code embedded}, the
 * default, or {@code etcd} with {@code endpoints}, {@code prefix}, {@code tls: {caFile, certFile,
 * keyFile}}, {@code username}, {@code passwordFile} and {@code timeout}, as {@link CoordSpec.Etcd}
 * has them), and {@code ttl}, the lease of the agent's registrations.
 */
final class DiscoverySection {
  private static final Set<String> FIELDS =
      Set.of("backend", "ttl", "endpoints", "prefix", "tls", "username", "passwordFile", "timeout");
  private static final Set<String> ETCD_ONLY =
      Set.of("endpoints", "prefix", "tls", "username", "passwordFile", "timeout");
  private static final Set<String> TLS = Set.of("caFile", "certFile", "keyFile");

  private DiscoverySection() {}

  static DiscoverySpec read(Field discovery) {
    if (!discovery.present()) {
      return DiscoverySpec.DEFAULT;
    }
    discovery.members();
    discovery.only(FIELDS);
    Field ttlField = discovery.child("ttl");
    Duration ttl = Values.duration(ttlField, false).orElse(null);
    Field backendField = discovery.child("backend");
    String backend = backendField.string().orElse("embedded");
    CoordSpec coord =
        switch (backend) {
          case "embedded" -> {
            for (String name : ETCD_ONLY) {
              if (discovery.child(name).present()) {
                throw discovery.child(name).fail("only the etcd backend has " + name);
              }
            }
            yield CoordSpec.embedded();
          }
          case "etcd" -> etcd(discovery);
          default ->
              throw backendField.fail("expected embedded or etcd, got " + backendField.describe());
        };
    try {
      return new DiscoverySpec(coord, ttl);
    } catch (IllegalArgumentException e) {
      throw ttlField.fail(e.getMessage(), e);
    }
  }

  private static CoordSpec.Etcd etcd(Field discovery) {
    Field endpointsField = discovery.child("endpoints");
    if (!endpointsField.present()) {
      throw endpointsField.missing("the etcd members' URLs, such as [http://127.0.0.1:2379]");
    }
    List<URI> endpoints = new ArrayList<>();
    for (Field item : endpointsField.isList() ? endpointsField.items() : List.of(endpointsField)) {
      String text = item.requiredString("a URL such as http://127.0.0.1:2379");
      try {
        endpoints.add(URI.create(text));
      } catch (IllegalArgumentException e) {
        throw item.fail("expected a URL such as http://127.0.0.1:2379, got " + item.describe());
      }
    }
    CoordSpec.Tls tls = null;
    Field tlsField = discovery.child("tls");
    if (tlsField.present()) {
      tlsField.members();
      tlsField.only(TLS);
      try {
        tls =
            new CoordSpec.Tls(
                path(tlsField.child("caFile")),
                path(tlsField.child("certFile")),
                path(tlsField.child("keyFile")));
      } catch (IllegalArgumentException e) {
        throw tlsField.fail(renamed(e), e);
      }
    }
    try {
      return new CoordSpec.Etcd(
          endpoints,
          discovery.child("prefix").string().orElse(null),
          tls,
          discovery.child("username").string().orElse(null),
          path(discovery.child("passwordFile")),
          Values.duration(discovery.child("timeout"), false).orElse(null));
    } catch (IllegalArgumentException e) {
      throw discovery.fail(renamed(e), e);
    }
  }

  private static Path path(Field field) {
    return field.string().map(text -> Path.of(RegistriesSection.path(field, text))).orElse(null);
  }

  /** CoordSpec names its fields {@code coord.*}; here they are {@code discovery.*}. */
  private static String renamed(IllegalArgumentException e) {
    return e.getMessage().replace("coord.", "discovery.");
  }
}
