package io.berth.kv;

import io.berth.coord.Keys;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A path of the configuration store: a key such as {@code /org/myorg/app/db/password}, or a
 * directory such as {@code /org/myorg/} (it ends with {@code /}; {@code /} is the root). Absolute,
 * with no empty, {@code .} or {@code ..} segment and no control character.
 */
public record ConfigPath(String text) implements Comparable<ConfigPath> {
  public static final ConfigPath ROOT = new ConfigPath("/");

  public ConfigPath {
    if (text == null) {
      throw new IllegalArgumentException("a config path is required, not null");
    }
    if (!text.startsWith("/")) {
      throw invalid(text, "it must be absolute (start with '/')");
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw invalid(text, "it holds a control character (U+%04X) at %d".formatted((int) c, i));
      }
    }
    if (!text.equals("/")) {
      String body = text.substring(1, text.endsWith("/") ? text.length() - 1 : text.length());
      for (String segment : body.split("/", -1)) {
        if (segment.isEmpty()) {
          throw invalid(text, "it has an empty segment ('//')");
        }
        if (segment.equals(".") || segment.equals("..")) {
          throw invalid(text, "it has a '" + segment + "' segment");
        }
      }
    }
    try {
      Keys.check("config path", text);
    } catch (IllegalArgumentException e) {
      throw invalid(text, e.getMessage());
    }
  }

  /** Reads a key or a directory (ending with {@code /}). */
  public static ConfigPath of(String text) {
    return new ConfigPath(text);
  }

  /** Reads a key: the path must not end with {@code /}. */
  public static ConfigPath key(String text) {
    ConfigPath path = new ConfigPath(text);
    if (path.isDirectory()) {
      throw invalid(text, "a key does not end with '/' (that is a directory)");
    }
    return path;
  }

  /** Reads a directory; {@code /org/app} is taken as {@code /org/app/}. */
  public static ConfigPath directory(String text) {
    if (text != null && !text.endsWith("/")) {
      text = text + "/";
    }
    return new ConfigPath(text);
  }

  public boolean isDirectory() {
    return text.endsWith("/");
  }

  /**
   * The segments: {@code [org, myorg, app]} for {@code /org/myorg/app} or {@code /org/myorg/app/}.
   */
  public List<String> segments() {
    if (text.equals("/")) {
      return List.of();
    }
    String body = text.substring(1, isDirectory() ? text.length() - 1 : text.length());
    return Arrays.asList(body.split("/", -1));
  }

  /** The last segment: a key's name, a directory's name; empty for the root. */
  public String name() {
    List<String> segments = segments();
    return segments.isEmpty() ? "" : segments.getLast();
  }

  /** The directory that holds this path; the root for the root. */
  public ConfigPath parent() {
    List<String> segments = segments();
    if (segments.size() <= 1) {
      return ROOT;
    }
    return new ConfigPath("/" + String.join("/", segments.subList(0, segments.size() - 1)) + "/");
  }

  /** {@code child} (a key, or a directory when it ends with {@code /}) inside this directory. */
  public ConfigPath resolve(String child) {
    requireDirectory();
    return new ConfigPath(text + child);
  }

  /** True when this is {@code other} or lies below it (a directory). */
  public boolean isWithin(ConfigPath directory) {
    return directory.isDirectory() && text.startsWith(directory.text);
  }

  /** The path below {@code directory}, without a leading slash: {@code db/password}. */
  public String relativeTo(ConfigPath directory) {
    if (!isWithin(directory)) {
      throw new IllegalArgumentException(text + " is not within " + directory.text);
    }
    return text.substring(directory.text.length());
  }

  /** The directories from just below {@code directory} down to this path's parent. */
  List<ConfigPath> directoriesBelow(ConfigPath directory) {
    List<ConfigPath> result = new ArrayList<>();
    for (ConfigPath p = parent(); p.isWithin(directory) && !p.equals(directory); p = p.parent()) {
      result.addFirst(p);
    }
    return result;
  }

  ConfigPath requireDirectory() {
    if (!isDirectory()) {
      throw new IllegalArgumentException("'%s' is a key, not a directory".formatted(text));
    }
    return this;
  }

  ConfigPath requireKey() {
    if (isDirectory()) {
      throw new IllegalArgumentException(
          "'%s' is a directory (it ends with '/'), not a key".formatted(text));
    }
    return this;
  }

  @Override
  public int compareTo(ConfigPath other) {
    return text.compareTo(other.text);
  }

  @Override
  public String toString() {
    return text;
  }

  private static IllegalArgumentException invalid(String text, String why) {
    return new IllegalArgumentException("invalid config path '%s': %s".formatted(text, why));
  }
}
