package io.berth.image.registry;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One node of a config document with the path that leads to it, so that every complaint names the
 * file and the field.
 */
record ConfigField(Path file, String path, JsonNode node) {
  private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  static ConfigField root(Path file, JsonNode node) {
    return new ConfigField(file, "", node);
  }

  RegistryConfigException fail(String problem) {
    return new RegistryConfigException(file, path, problem);
  }

  /** The members of an object, in document order; null and missing count as empty. */
  Map<String, ConfigField> members() {
    if (node == null || node.isMissingNode() || node.isNull()) {
      return Map.of();
    }
    if (!node.isObject()) {
      throw fail("expected a mapping, got " + describe(node));
    }
    Map<String, ConfigField> members = new LinkedHashMap<>();
    node.properties().forEach(e -> members.put(e.getKey(), child(e.getKey())));
    return members;
  }

  /** Refuses members other than {@code known}, naming the first stranger. */
  ConfigField onlyMembers(Set<String> known) {
    for (String name : members().keySet()) {
      if (!known.contains(name)) {
        throw child(name)
            .fail("unknown field; expected one of " + known.stream().sorted().toList());
      }
    }
    return this;
  }

  ConfigField child(String name) {
    String step = PLAIN_NAME.matcher(name).matches() ? name : "\"" + name + "\"";
    return new ConfigField(
        file, path.isEmpty() ? step : path + "." + step, node == null ? null : node.get(name));
  }

  boolean present() {
    return node != null && !node.isMissingNode() && !node.isNull();
  }

  Optional<String> string() {
    if (!present()) {
      return Optional.empty();
    }
    if (!node.isTextual()) {
      throw fail("expected a string, got " + describe(node));
    }
    return Optional.of(node.asText());
  }

  Optional<Boolean> bool() {
    if (!present()) {
      return Optional.empty();
    }
    if (!node.isBoolean()) {
      throw fail("expected true or false, got " + describe(node));
    }
    return Optional.of(node.asBoolean());
  }

  /** A list of strings; a single string counts as a list of one. */
  List<ConfigField> strings() {
    if (!present()) {
      return List.of();
    }
    if (node.isTextual()) {
      return List.of(this);
    }
    if (!node.isArray()) {
      throw fail("expected a list of strings, got " + describe(node));
    }
    List<ConfigField> items = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      ConfigField item = new ConfigField(file, path + "[" + i + "]", node.get(i));
      item.string().orElseThrow(() -> item.fail("expected a string, got null"));
      items.add(item);
    }
    return items;
  }

  private static String describe(JsonNode value) {
    if (value.isObject()) {
      return "a mapping";
    }
    if (value.isArray()) {
      return "a list";
    }
    String text = value.toString();
    return value.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
        + " "
        + (text.length() > 40 ? text.substring(0, 40) + "..." : text);
  }
}
