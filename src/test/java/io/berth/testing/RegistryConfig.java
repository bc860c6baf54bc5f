package io.berth.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The config.yml of a CNCF distribution 2.8 registry (format version 0.1): storage on the
 * filesystem with deletes enabled, one loopback address, optional TLS, auth and notification
 * endpoints.
 */
public record RegistryConfig(
    Path storage,
    int port,
    TlsMaterial tls,
    RegistryAuth auth,
    List<URI> notificationEndpoints,
    String notificationToken) {
  public RegistryConfig {
    if (storage == null || auth == null) {
      throw new IllegalArgumentException("a registry needs storage and an auth mode");
    }
    notificationEndpoints = List.copyOf(notificationEndpoints);
  }

  public void write(Path file) {
    try {
      new ObjectMapper(new YAMLFactory()).writeValue(file.toFile(), document());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  Map<String, Object> document() {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("version", "0.1");
    root.put("log", Map.of("level", "info", "formatter", "text"));
    root.put(
        "storage",
        Map.of(
            "filesystem", Map.of("rootdirectory", storage.toString()),
            "delete", Map.of("enabled", true),
            // the background purge of old uploads only adds noise to a short-lived registry
            "maintenance", Map.of("uploadpurging", Map.of("enabled", false))));
    Map<String, Object> http = new LinkedHashMap<>();
    http.put("addr", "127.0.0.1:" + port);
    // a fixed secret silences the "generated random secret" warning in every log
    http.put("secret", UUID.randomUUID().toString());
    if (tls != null) {
      http.put(
          "tls",
          Map.of(
              "certificate", tls.serverCertificate().toString(),
              "key", tls.serverKey().toString()));
    }
    root.put("http", http);
    switch (auth) {
      case RegistryAuth.None none -> {}
      case RegistryAuth.Htpasswd htpasswd ->
          root.put(
              "auth",
              Map.of(
                  "htpasswd",
                  Map.of("realm", "berth-test-registry", "path", htpasswd.file().toString())));
      case RegistryAuth.Token token ->
          root.put(
              "auth",
              Map.of(
                  "token",
                  Map.of(
                      "realm", token.realm().toString(),
                      "service", token.service(),
                      "issuer", token.issuer(),
                      "rootcertbundle", token.rootCertBundle().toString())));
    }
    if (!notificationEndpoints.isEmpty()) {
      List<Map<String, Object>> endpoints = new ArrayList<>();
      for (int i = 0; i < notificationEndpoints.size(); i++) {
        Map<String, Object> endpoint = new LinkedHashMap<>();
        endpoint.put("name", "endpoint-" + i);
        endpoint.put("url", notificationEndpoints.get(i).toString());
        endpoint.put("timeout", "2s");
        endpoint.put("threshold", 3);
        endpoint.put("backoff", "1s");
        if (notificationToken != null) {
          endpoint.put("headers", Map.of("Authorization", List.of("Bearer " + notificationToken)));
        }
        endpoints.add(endpoint);
      }
      root.put("notifications", Map.of("endpoints", endpoints));
    }
    return root;
  }
}
