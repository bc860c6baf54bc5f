package io.berth.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --env-file} and {@code -e}, read as Docker reads them: {@code NAME=value} lines, blank
 * lines and {@code #} comments skipped; a bare {@code NAME} takes the value from berth's own
 * environment (and is skipped when unset there).
 */
final class EnvFiles {
  private EnvFiles() {}

  static Map<String, String> read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("env file %s does not exist".formatted(file));
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read env file %s: %s".formatted(file, e.getMessage()));
    }
    Map<String, String> env = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      try {
        put(env, line);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("%s:%d: %s".formatted(file, i + 1, e.getMessage()));
      }
    }
    return env;
  }

  /** Adds one {@code NAME=value} or {@code NAME} to {@code env}. */
  static void put(Map<String, String> env, String assignment) {
    int eq = assignment.indexOf('=');
    String name = eq < 0 ? assignment : assignment.substring(0, eq);
    if (name.isEmpty() || name.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException(
          "invalid environment variable '%s': expected NAME=value".formatted(assignment));
    }
    if (eq >= 0) {
      env.remove(name);
      env.put(name, assignment.substring(eq + 1));
    } else {
      String value = System.getenv(name);
      if (value != null) {
        env.remove(name);
        env.put(name, value);
      }
    }
  }
}
