package io.berth.template;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * ContainerPilot's {@code regexReplaceAll PATTERN REPLACEMENT TEXT}, with Go's {@code $1}, {@code
 * ${1}}, {@code $name} and {@code $$} in the replacement. Patterns are Java's, which agree with
 * Go's for the common cases. Java's matcher can backtrack for a very long time, so every character
 * it reads counts against the render's work budget.
 */
final class RegexReplace {
  private RegexReplace() {}

  static String apply(Call call) {
    Pattern pattern;
    try {
      pattern = Pattern.compile(call.string(0));
    } catch (PatternSyntaxException e) {
      throw new TemplateFunctionException(
          "bad pattern: " + e.getDescription() + " near offset " + e.getIndex());
    }
    String replacement = call.string(1);
    String text = call.string(2);
    Matcher m = pattern.matcher(new Metered(text, call));
    Map<String, Integer> named = pattern.namedGroups();
    StringBuilder out = new StringBuilder();
    int last = 0;
    int previousEnd = -1;
    try {
      while (m.find()) {
        // as Go does, an empty match right after a match is not a match
        if (m.start() == m.end() && m.start() == previousEnd) {
          continue;
        }
        out.append(text, last, m.start());
        expand(replacement, m, named, out);
        call.checkLength(out.length());
        last = m.end();
        previousEnd = m.end();
      }
    } catch (StackOverflowError e) {
      throw new TemplateFunctionException("the pattern recurses too deeply on this text");
    }
    out.append(text, last, text.length());
    call.checkLength(out.length());
    return out.toString();
  }

  /** Go's Regexp.Expand: {@code $name} takes the longest name, so {@code $1x} is group "1x". */
  private static void expand(
      String template, Matcher m, Map<String, Integer> named, StringBuilder out) {
    int i = 0;
    while (i < template.length()) {
      char c = template.charAt(i);
      if (c != '$' || i + 1 >= template.length()) {
        out.append(c);
        i++;
        continue;
      }
      if (template.charAt(i + 1) == '$') {
        out.append('$');
        i += 2;
        continue;
      }
      String name;
      int end;
      if (template.charAt(i + 1) == '{') {
        int close = template.indexOf('}', i + 2);
        name = close < 0 ? "" : template.substring(i + 2, close);
        end = close + 1;
      } else {
        end = i + 1;
        while (end < template.length()
            && (Character.isLetterOrDigit(template.charAt(end)) || template.charAt(end) == '_')) {
          end++;
        }
        name = template.substring(i + 1, end);
      }
      if (name.isEmpty()
          || !name.chars().allMatch(ch -> Character.isLetterOrDigit(ch) || ch == '_')) {
        out.append(c);
        i++;
        continue;
      }
      String group = group(m, named, name);
      if (group != null) {
        out.append(group);
      }
      i = end;
    }
  }

  private static String group(Matcher m, Map<String, Integer> named, String name) {
    if (name.chars().allMatch(Character::isDigit)) {
      if (name.length() > 9) {
        return null;
      }
      int index = Integer.parseInt(name);
      return index <= m.groupCount() ? m.group(index) : null;
    }
    Integer index = named.get(name);
    return index == null ? null : m.group(index);
  }

  /**
   * Text whose every {@value #READS_PER_STEP} reads are one step of the render's work, about what a
   * step of an action costs.
   */
  private static final class Metered implements CharSequence {
    private final String text;
    private final Call call;
    private static final int READS_PER_STEP = 16;
    private int reads;

    Metered(String text, Call call) {
      this.text = text;
      this.call = call;
    }

    @Override
    public char charAt(int index) {
      if (++reads == READS_PER_STEP) {
        reads = 0;
        call.charge(1);
      }
      return text.charAt(index);
    }

    @Override
    public int length() {
      return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return text.substring(start, end);
    }

    @Override
    public String toString() {
      return text;
    }
  }
}
