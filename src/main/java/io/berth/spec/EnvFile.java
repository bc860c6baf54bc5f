package io.berth.spec;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An env file: {@code NAME=value} lines, as Docker's {@code --env-file} and dotenv read them. Blank
 * lines and lines starting with {@code #} are skipped; {@code export } before a name is allowed; a
 * value in double quotes may hold {@code \n}, {@code \"} and {@code \\}, one in single quotes is
 * taken as written; an unquoted value is trimmed and ends before {@code " #"}.
 */
public final class EnvFile {
  private EnvFile() {}

  /**
   * The variables of {@code text}, in order (a later line wins).
   *
   * @param source the file's name, for errors
   * @throws IllegalArgumentException naming the source and line of a line that is not {@code
   *     NAME=value}
   */
  public static Map<String, String> parse(String text, String source) {
    Map<String, String> vars = new LinkedHashMap<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("export ")) {
        line = line.substring("export ".length()).strip();
      }
      int eq = line.indexOf('=');
      String name = eq < 0 ? line : line.substring(0, eq).strip();
      if (eq < 0 || !name.matches("[A-Za-z_][A-Za-z0-9_.-]*")) {
        throw new IllegalArgumentException(
            "%s:%d: expected NAME=value, got '%s'".formatted(source, i + 1, abbreviate(line)));
      }
      vars.put(name, value(line.substring(eq + 1).strip(), source, i + 1));
    }
    return vars;
  }

  private static String value(String raw, String source, int line) {
    if (raw.startsWith("\"")) {
      StringBuilder out = new StringBuilder();
      for (int i = 1; i < raw.length(); i++) {
        char c = raw.charAt(i);
        if (c == '"') {
          return out.toString();
        }
        if (c == '\\' && i + 1 < raw.length()) {
          char next = raw.charAt(++i);
          out.append(
              switch (next) {
                case 'n' -> '\n';
                case 't' -> '\t';
                default -> next;
              });
        } else {
          out.append(c);
        }
      }
      throw new IllegalArgumentException(
          "%s:%d: the double quote is not closed".formatted(source, line));
    }
    if (raw.startsWith("'")) {
      int end = raw.indexOf('\'', 1);
      if (end < 0) {
        throw new IllegalArgumentException(
            "%s:%d: the single quote is not closed".formatted(source, line));
      }
      return raw.substring(1, end);
    }
    int comment = raw.indexOf(" #");
    return (comment < 0 ? raw : raw.substring(0, comment)).strip();
  }

  private static String abbreviate(String line) {
    return line.length() <= 40 ? line : line.substring(0, 37) + "...";
  }
}
