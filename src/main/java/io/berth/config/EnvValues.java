package io.berth.config;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.berth.config.Node.ListNode;
import io.berth.config.Node.MapNode;
import io.berth.config.Node.ScalarNode;
import io.berth.config.Node.ScalarNode.Kind;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Environment variables by Frontloader's rule: a string value is passed as it is; a mapping, list,
 * number or boolean is passed as compact JSON, so a program can take structured config from one
 * variable.
 */
final class EnvValues {
  private static final Pattern JSON_NUMBER =
      Pattern.compile("-?(?:0|[1-9]\\d*)(?:\\.\\d+)?(?:[eE][+-]?\\d+)?");

  private EnvValues() {}

  static Map<String, String> read(Field env) {
    Map<String, String> out = new LinkedHashMap<>();
    for (var entry : env.members().entrySet()) {
      String name = entry.getKey();
      Field value = entry.getValue();
      if (name.isEmpty() || name.contains("=") || name.indexOf('\0') >= 0) {
        throw value.fail("invalid variable name: it must be non-empty, without '=' or NUL");
      }
      if (!value.present()) {
        throw value.fail(
            "expected a string, number, boolean, mapping or list, got null (write \"\" for an"
                + " empty value)");
      }
      out.put(
          name,
          value.node() instanceof ScalarNode s && s.kind() == Kind.STRING
              ? s.text()
              : json(value.node()));
    }
    return out;
  }

  static String json(Node node) {
    StringBuilder out = new StringBuilder();
    write(node, out);
    return out.toString();
  }

  private static void write(Node node, StringBuilder out) {
    switch (node) {
      case MapNode map -> {
        out.append('{');
        boolean first = true;
        for (var member : map.members().values()) {
          if (!first) {
            out.append(',');
          }
          first = false;
          quote(member.key(), out);
          out.append(':');
          write(member.value(), out);
        }
        out.append('}');
      }
      case ListNode list -> {
        out.append('[');
        for (int i = 0; i < list.items().size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          write(list.items().get(i), out);
        }
        out.append(']');
      }
      case ScalarNode s -> {
        switch (s.kind()) {
          case STRING -> quote(s.text(), out);
          case BOOLEAN, NULL -> out.append(s.text());
          case INTEGER, DECIMAL -> {
            // YAML writes numbers JSON cannot (0x1F, 1_000, .inf): fall back to the value read.
            String text = s.text();
            if (JSON_NUMBER.matcher(text).matches()) {
              out.append(text);
            } else if (JSON_NUMBER.matcher(String.valueOf(s.number())).matches()) {
              out.append(s.number());
            } else {
              quote(text, out);
            }
          }
        }
      }
    }
  }

  private static void quote(String text, StringBuilder out) {
    out.append('"').append(JsonStringEncoder.getInstance().quoteAsString(text)).append('"');
  }
}
