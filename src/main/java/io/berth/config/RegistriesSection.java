package io.berth.config;

import io.berth.spec.BerthConfig.RegistryEntry;
import io.berth.spec.ImageRef;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code registries:}, per host, with the registries file's meanings: {@code username} with {@code
 * password} or {@code passwordFile}, {@code tlsVerify} (or its opposite {@code insecure}), {@code
 * caFiles}. Hosts are filed as image references name them, so {@code registry.hub.docker.com} and
 * {@code docker.io} are one host and may not both be given.
 */
final class RegistriesSection {
  private static final Set<String> FIELDS =
      Set.of("username", "password", "passwordFile", "tlsVerify", "insecure", "caFiles");

  private RegistriesSection() {}

  static Map<String, RegistryEntry> read(Field registries) {
    Map<String, RegistryEntry> entries = new LinkedHashMap<>();
    Map<String, Field> seen = new HashMap<>();
    for (var member : registries.members().entrySet()) {
      Field entry = member.getValue();
      String host = host(entry, member.getKey());
      Field first = seen.putIfAbsent(host, entry);
      if (first != null) {
        throw entry.fail(
            "names the same registry as %s at line %d, column %d"
                .formatted(first.path(), first.at().line(), first.at().column()));
      }
      entries.put(host, entry(entry));
    }
    return entries;
  }

  /**
   * The host as image references name it: no scheme or path, lower case, Docker Hub as docker.io.
   */
  static String host(Field at, String name) {
    String host = name.strip();
    int scheme = host.indexOf("://");
    host = scheme >= 0 ? host.substring(scheme + 3) : host;
    int slash = host.indexOf('/');
    host = slash >= 0 ? host.substring(0, slash) : host;
    host = host.toLowerCase(Locale.ROOT);
    host =
        switch (host) {
          case "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com" ->
              ImageRef.DOCKER_HUB;
          default -> host;
        };
    try {
      new ImageRef(host, "x", null, null);
    } catch (IllegalArgumentException e) {
      throw at.fail("expected a registry host such as registry.example.com or localhost:5000");
    }
    return host;
  }

  private static RegistryEntry entry(Field entry) {
    if (!entry.present()) {
      return new RegistryEntry(null, null, null, null, null);
    }
    entry.only(FIELDS);
    Optional<Boolean> tlsVerify = entry.child("tlsVerify").bool();
    Optional<Boolean> insecure = entry.child("insecure").bool();
    if (tlsVerify.isPresent() && insecure.isPresent() && tlsVerify.get() == insecure.get()) {
      throw entry
          .child("insecure")
          .fail("contradicts tlsVerify: set one of them (insecure: true means tlsVerify: false)");
    }
    Boolean verify = tlsVerify.orElse(insecure.map(i -> !i).orElse(null));

    List<String> caFiles = new ArrayList<>();
    Field cas = entry.child("caFiles");
    for (Field item : cas.is(Node.ScalarNode.Kind.STRING) ? List.of(cas) : cas.items()) {
      caFiles.add(path(item, item.requiredString("a path to a PEM file")));
    }

    Field usernameField = entry.child("username");
    Field passwordField = entry.child("password");
    Field passwordFileField = entry.child("passwordFile");
    Optional<String> username = usernameField.string();
    Optional<String> password = passwordField.secret();
    Optional<String> passwordFile = passwordFileField.string().map(p -> path(passwordFileField, p));
    if (password.isPresent() && passwordFile.isPresent()) {
      throw passwordFileField.fail("set either password or passwordFile, not both");
    }
    if (username.isPresent() && password.isEmpty() && passwordFile.isEmpty()) {
      throw passwordField.fail("missing: username is set without password or passwordFile");
    }
    if (username.isEmpty() && (password.isPresent() || passwordFile.isPresent())) {
      throw usernameField.fail("missing: a password is set without a username");
    }
    try {
      return new RegistryEntry(
          username.orElse(null), password.orElse(null), passwordFile.orElse(null), verify, caFiles);
    } catch (IllegalArgumentException e) {
      throw entry.fail(e.getMessage(), e);
    }
  }

  /**
   * A host path: an absolute one as it is, a relative one against the config's directory; a config
   * that came from a URL or a secret has no directory, so there it must be absolute.
   */
  static String path(Field field, String text) {
    if (text.isBlank()) {
      throw field.fail("expected a path, got \"\"");
    }
    Path path = Path.of(text);
    if (path.isAbsolute()) {
      return path.normalize().toString();
    }
    Optional<Path> directory = field.doc().directory();
    if (directory.isEmpty()) {
      throw field.fail(
          "expected an absolute path: a config that is not read from a file has no directory for"
              + " relative paths, got "
              + field.describe());
    }
    return directory.get().resolve(path).normalize().toString();
  }
}
