package io.berth.kv;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The text of {@code dconf dump DIR} and {@code dconf load DIR}: a GLib key file whose groups are
 * directories relative to DIR ({@code [org/app/db]}, {@code [/]} for DIR itself) and whose lines
 * are {@code name=value}, the value in GVariant's text format; {@code #} starts a comment.
 */
final class DconfFormat {
  private DconfFormat() {}

  /** One key and its value, as a load writes it. */
  record Assignment(ConfigPath path, JsonNode value, int line) {}

  /** The dump of {@code values} (keys below {@code directory}), grouped by directory. */
  static String write(ConfigPath directory, Map<ConfigPath, JsonNode> values) {
    Map<ConfigPath, Map<String, JsonNode>> groups = new TreeMap<>();
    for (Map.Entry<ConfigPath, JsonNode> entry : values.entrySet()) {
      ConfigPath key = entry.getKey();
      groups.computeIfAbsent(key.parent(), k -> new TreeMap<>()).put(key.name(), entry.getValue());
    }
    StringBuilder out = new StringBuilder();
    for (Map.Entry<ConfigPath, Map<String, JsonNode>> group : groups.entrySet()) {
      String relative = group.getKey().relativeTo(directory);
      String name = relative.isEmpty() ? "/" : relative.substring(0, relative.length() - 1);
      if (name.contains("[") || name.contains("]")) {
        throw new IllegalArgumentException(
            "directory '%s' cannot be a group of dconf's format: its name holds '[' or ']'"
                .formatted(group.getKey()));
      }
      if (!out.isEmpty()) {
        out.append('\n');
      }
      out.append('[').append(name).append("]\n");
      for (Map.Entry<String, JsonNode> key : group.getValue().entrySet()) {
        String keyName = key.getKey();
        if (keyName.contains("=")
            || keyName.contains("[")
            || keyName.startsWith("#")
            || !keyName.equals(keyName.strip())) {
          throw new IllegalArgumentException(
              ("key '%s' cannot be written in dconf's format: its name holds '=' or '[', starts"
                      + " with '#' or has spaces around it")
                  .formatted(group.getKey().resolve(keyName)));
        }
        out.append(keyName).append('=').append(GVariantWriter.write(key.getValue())).append('\n');
      }
    }
    return out.toString();
  }

  /**
   * The keys {@code text} sets, below {@code directory}, in the order of the text.
   *
   * @throws IllegalArgumentException the text is not in this format; the message names the line
   */
  static List<Assignment> parse(ConfigPath directory, String text) {
    List<Assignment> result = new ArrayList<>();
    ConfigPath group = null;
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      int number = i + 1;
      String line =
          lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
      String stripped = line.strip();
      if (stripped.isEmpty() || stripped.startsWith("#")) {
        continue;
      }
      if (stripped.startsWith("[")) {
        if (!stripped.endsWith("]") || stripped.length() < 3) {
          throw error(number, "a group is [relative/directory] or [/]");
        }
        String name = stripped.substring(1, stripped.length() - 1);
        try {
          group = name.equals("/") ? directory : ConfigPath.directory(directory.text() + name);
        } catch (IllegalArgumentException e) {
          throw error(number, "group [%s]: %s".formatted(name, e.getMessage()));
        }
        continue;
      }
      int equals = line.indexOf('=');
      if (equals < 0) {
        throw error(number, "expected name=value, a [group] or a # comment");
      }
      String name = line.substring(0, equals).strip();
      if (group == null) {
        throw error(number, "key '%s' comes before any [group]".formatted(name));
      }
      if (name.isEmpty()) {
        throw error(number, "a key has no name before '='");
      }
      if (name.contains("[")) {
        throw error(
            number, "key '%s': localised keys (name[locale]) are not dconf's".formatted(name));
      }
      ConfigPath path;
      try {
        path = ConfigPath.key(group.text() + name);
      } catch (IllegalArgumentException e) {
        throw error(number, e.getMessage());
      }
      try {
        result.add(new Assignment(path, GVariantParser.parse(line.substring(equals + 1)), number));
      } catch (IllegalArgumentException e) {
        throw error(number, "key '%s': %s".formatted(path, e.getMessage()));
      }
    }
    return result;
  }

  private static IllegalArgumentException error(int line, String message) {
    return new IllegalArgumentException("dconf text, line %d: %s".formatted(line, message));
  }
}
