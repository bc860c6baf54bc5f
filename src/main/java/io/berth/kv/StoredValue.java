package io.berth.kv;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Base64;

/**
 * How a value is kept in the revisioned store, as JSON that etcdctl shows readably: {@code
 * {"value": ...}}, or for a secret {@code {"secret": {"key": id, "nonce": b64, "data": b64}}}.
 */
sealed interface StoredValue {
  ObjectMapper JSON = JsonMapper.builder().build();

  record Plain(JsonNode value) implements StoredValue {}

  record Secret(SecretBox.Sealed sealed) implements StoredValue {}

  static byte[] encode(StoredValue value) {
    ObjectNode root = JSON.createObjectNode();
    switch (value) {
      case Plain plain -> root.set("value", plain.value());
      case Secret secret -> {
        ObjectNode sealed = root.putObject("secret");
        sealed.put("key", secret.sealed().keyId());
        sealed.put("nonce", Base64.getEncoder().encodeToString(secret.sealed().nonce()));
        sealed.put("data", Base64.getEncoder().encodeToString(secret.sealed().data()));
      }
    }
    try {
      return JSON.writeValueAsBytes(root);
    } catch (IOException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  static StoredValue decode(ConfigPath path, byte[] bytes) throws ConfigException {
    try {
      JsonNode root = JSON.readTree(bytes);
      if (root != null && root.isObject() && root.size() == 1) {
        if (root.has("value")) {
          return new Plain(root.get("value"));
        }
        JsonNode secret = root.get("secret");
        if (secret != null
            && secret.path("key").isTextual()
            && secret.path("nonce").isTextual()
            && secret.path("data").isTextual()) {
          return new Secret(
              new SecretBox.Sealed(
                  secret.get("key").asText(),
                  Base64.getDecoder().decode(secret.get("nonce").asText()),
                  Base64.getDecoder().decode(secret.get("data").asText())));
        }
      }
    } catch (IOException | IllegalArgumentException e) {
      // described below
    }
    throw new ConfigException(
        "%s: the stored value is not a configuration value (%d bytes written by something else?)"
            .formatted(path, bytes.length));
  }
}
