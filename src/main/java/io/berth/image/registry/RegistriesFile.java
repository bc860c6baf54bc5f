package io.berth.image.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * berth's own registries file, YAML or JSON (by extension: {@code .json} is JSON, anything else
 * YAML):
 *
 * <pre>{@code
 * registries:
 *   registry.example.com:
 *     username: deploy
 *     passwordFile: /etc/berth/registry-password   # or password: ...
 *     caFiles: [/etc/berth/example-ca.pem]          # trusted besides the system store
 *   "localhost:5000":
 *     tlsVerify: false                              # or insecure: true
 * }</pre>
 *
 * Relative paths are resolved against the file's directory. A password file's trailing newline is
 * dropped.
 */
final class RegistriesFile {
  private static final Set<String> HOST_FIELDS =
      Set.of("username", "password", "passwordFile", "tlsVerify", "insecure", "caFiles");
  private static final ObjectMapper YAML = new YAMLMapper();
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private RegistriesFile() {}

  static List<HostConfig> read(Path file) {
    boolean json = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
    JsonNode tree = ConfigParsing.readTree(json ? JSON : YAML, file, "registries file");
    ConfigField root = ConfigField.root(file, tree);
    if (tree == null || tree.isMissingNode() || tree.isNull()) {
      return List.of();
    }
    root.members();
    root.onlyMembers(Set.of("registries"));
    List<HostConfig> hosts = new ArrayList<>();
    for (var entry : root.child("registries").members().entrySet()) {
      hosts.add(host(file, entry.getKey(), entry.getValue()));
    }
    return hosts;
  }

  private static HostConfig host(Path file, String name, ConfigField entry) {
    entry.members();
    entry.onlyMembers(HOST_FIELDS);
    HostConfig host;
    try {
      host = HostConfig.of(name);
    } catch (IllegalArgumentException e) {
      throw entry.fail(e.getMessage());
    }
    Optional<Boolean> tlsVerify = entry.child("tlsVerify").bool();
    Optional<Boolean> insecure = entry.child("insecure").bool();
    if (tlsVerify.isPresent() && insecure.isPresent() && tlsVerify.get() == insecure.get()) {
      throw entry
          .child("insecure")
          .fail("contradicts tlsVerify: set one of them (insecure: true means tlsVerify: false)");
    }
    host = host.withTlsVerify(tlsVerify.orElse(!insecure.orElse(false)));

    List<Path> caFiles = new ArrayList<>();
    for (ConfigField item : entry.child("caFiles").strings()) {
      Path ca = resolve(file, item.string().orElseThrow());
      try {
        TlsTrust.readCertificates(ca);
      } catch (IOException e) {
        throw item.fail(oneLine(e.getMessage()));
      }
      caFiles.add(ca);
    }
    host = host.withCaFiles(caFiles);

    Optional<String> username = entry.child("username").string();
    Optional<String> password = entry.child("password").string();
    Optional<String> passwordFile = entry.child("passwordFile").string();
    if (password.isPresent() && passwordFile.isPresent()) {
      throw entry.child("passwordFile").fail("set either password or passwordFile, not both");
    }
    if (passwordFile.isPresent()) {
      password =
          Optional.of(readPassword(entry.child("passwordFile"), resolve(file, passwordFile.get())));
    }
    if (username.isPresent() != password.isPresent()) {
      throw username.isPresent()
          ? entry
              .child("password")
              .fail("missing: username is set without password or passwordFile")
          : entry.child("username").fail("missing: a password is set without a username");
    }
    if (username.isPresent()) {
      try {
        host = host.withCredentials(new Credentials(username.get(), password.get()));
      } catch (IllegalArgumentException e) {
        throw entry.child("username").fail(e.getMessage());
      }
    }
    return host;
  }

  private static String readPassword(ConfigField field, Path path) {
    try {
      String text = Files.readString(path, StandardCharsets.UTF_8);
      text = text.endsWith("\r\n") ? text.substring(0, text.length() - 2) : text;
      text = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
      if (text.isEmpty()) {
        throw field.fail("password file " + path + " is empty");
      }
      return text;
    } catch (IOException e) {
      throw field.fail("cannot read password file " + path + ": " + e);
    }
  }

  private static Path resolve(Path file, String path) {
    Path dir = file.toAbsolutePath().getParent();
    return dir.resolve(path).normalize();
  }

  private static String oneLine(String text) {
    return text == null ? "" : text.replaceAll("\\s*\\R\\s*", " ").strip();
  }
}
