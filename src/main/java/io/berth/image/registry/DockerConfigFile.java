package io.berth.image.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.spec.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The logins in Docker's {@code config.json}: the {@code auths} map, keyed by registry ({@code
 * https://index.docker.io/v1/} for Docker Hub, else {@code host[:port]}, sometimes with a scheme),
 * each with {@code auth} (base64 of {@code user:password}) or {@code username} and {@code
 * password}. Credential helpers ({@code credsStore}, {@code credHelpers}) and OAuth identity tokens
 * are not supported: those entries are skipped.
 */
final class DockerConfigFile {
  private DockerConfigFile() {}

  /** The credentials per normalised host. */
  static Map<String, Credentials> read(Path file) {
    JsonNode tree = ConfigParsing.readTree(Json.lenient(), file, "Docker config");
    ConfigField root = ConfigField.root(file, tree);
    if (tree == null || !tree.isObject()) {
      throw root.fail("expected a JSON object");
    }
    Map<String, Credentials> logins = new LinkedHashMap<>();
    for (var entry : root.child("auths").members().entrySet()) {
      String host;
      try {
        host = HostConfig.normaliseHost(entry.getKey());
      } catch (IllegalArgumentException e) {
        throw entry.getValue().fail(e.getMessage());
      }
      credentials(entry.getValue()).ifPresent(login -> logins.put(host, login));
    }
    return logins;
  }

  private static Optional<Credentials> credentials(ConfigField entry) {
    entry.members();
    Optional<String> auth = entry.child("auth").string().filter(s -> !s.isBlank());
    if (auth.isPresent()) {
      ConfigField field = entry.child("auth");
      String decoded;
      try {
        decoded =
            new String(Base64.getDecoder().decode(auth.get().strip()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw field.fail("expected base64 of user:password, but it is not valid base64");
      }
      int colon = decoded.indexOf(':');
      if (colon <= 0 || colon == decoded.length() - 1) {
        throw field.fail("expected base64 of user:password, but the decoded value has no 'user:'");
      }
      return Optional.of(login(field, decoded.substring(0, colon), decoded.substring(colon + 1)));
    }
    Optional<String> username = entry.child("username").string().filter(s -> !s.isBlank());
    Optional<String> password = entry.child("password").string().filter(s -> !s.isEmpty());
    if (username.isPresent() && password.isPresent()) {
      return Optional.of(login(entry, username.get(), password.get()));
    }
    if (username.isPresent()) {
      throw entry.child("password").fail("missing: username is set without a password");
    }
    return Optional.empty();
  }

  private static Credentials login(ConfigField field, String username, String password) {
    try {
      return new Credentials(username, password);
    } catch (IllegalArgumentException e) {
      throw field.fail(e.getMessage());
    }
  }
}
