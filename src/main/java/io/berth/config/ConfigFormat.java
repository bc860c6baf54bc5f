package io.berth.config;

import java.util.Locale;

/** The two syntaxes of a config: YAML, or JSON with comments and trailing commas. */
public enum ConfigFormat {
  YAML,
  JSON;

  /**
   * The format of a config named {@code name}: {@code .yaml} and {@code .yml} are YAML, {@code
   * .json} is JSON; otherwise content that starts with <code>{</code> (after blanks and JSON
   * comments) is JSON, and anything else YAML. Frontloader's files have no extension to go by and
   * start with a brace or a comment.
   */
  public static ConfigFormat detect(String name, CharSequence content) {
    ConfigFormat byName = byName(name);
    return byName != null ? byName : byContent(content);
  }

  /** The format a name's extension says, or null when it says none. */
  static ConfigFormat byName(String name) {
    if (name == null) {
      return null;
    }
    String lower = name.toLowerCase(Locale.ROOT);
    int query = lower.indexOf('?');
    if (query >= 0) {
      lower = lower.substring(0, query);
    }
    if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
      return YAML;
    }
    if (lower.endsWith(".json")) {
      return JSON;
    }
    return null;
  }

  static ConfigFormat byContent(CharSequence content) {
    int i = 0;
    int n = content.length();
    while (i < n) {
      char c = content.charAt(i);
      if (Character.isWhitespace(c) || c == '\uFEFF') {
        i++;
      } else if (c == '/' && i + 1 < n && content.charAt(i + 1) == '/') {
        while (i < n && content.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '/' && i + 1 < n && content.charAt(i + 1) == '*') {
        return JSON; // a block comment is no YAML either
      } else {
        return c == '{' ? JSON : YAML;
      }
    }
    return YAML;
  }
}
