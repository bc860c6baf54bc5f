package io.berth.config;

import io.berth.config.Node.ScalarNode.Kind;
import io.berth.spec.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Typed values read from fields, each failing with what was expected and what was found. */
final class Values {
  private static final Pattern MODE = Pattern.compile("0?[0-7]{3,4}");
  private static final Pattern YAML_OCTAL = Pattern.compile("0o[0-7]{3,4}");

  private Values() {}

  /** A duration; with {@code negative}, a negative number of seconds too. */
  static Optional<Duration> duration(Field field, boolean negative) {
    if (!field.present()) {
      return Optional.empty();
    }
    if (!field.is(Kind.STRING) && !field.is(Kind.INTEGER) && !field.is(Kind.DECIMAL)) {
      throw field.fail("expected " + Durations.EXPECTED + ", got " + field.describe());
    }
    try {
      return Optional.of(Durations.parse(field.scalarText().orElseThrow(), negative));
    } catch (IllegalArgumentException e) {
      throw field.fail("expected " + Durations.EXPECTED + ", got " + field.describe());
    }
  }

  static Optional<Long> size(Field field) {
    if (!field.present()) {
      return Optional.empty();
    }
    if (!field.is(Kind.STRING) && !field.is(Kind.INTEGER)) {
      throw field.fail("expected " + Sizes.EXPECTED + ", got " + field.describe());
    }
    try {
      return Optional.of(Sizes.parse(field.scalarText().orElseThrow()));
    } catch (IllegalArgumentException e) {
      throw field.fail("expected " + Sizes.EXPECTED + ", got " + field.describe());
    }
  }

  /**
   * Permissions in octal, as written: {@code "0750"}, or in YAML an unquoted {@code 0750} (read by
   * its text, not as the number YAML would make of it).
   */
  static Optional<String> mode(Field field) {
    if (!field.present()) {
      return Optional.empty();
    }
    String expected = "an octal mode such as \"0750\", got " + field.describe();
    if (!field.is(Kind.STRING) && !field.is(Kind.INTEGER)) {
      throw field.fail("expected " + expected);
    }
    String text = field.scalarText().orElseThrow().strip();
    if (YAML_OCTAL.matcher(text).matches()) {
      text = "0" + text.substring(2);
    }
    if (!MODE.matcher(text).matches()) {
      throw field.fail("expected " + expected);
    }
    return Optional.of(text);
  }

  /** A uid or gid. */
  static Optional<Integer> id(Field field) {
    return field.nonNegative(Integer.MAX_VALUE).map(Long::intValue);
  }

  /**
   * A command: a list of words, or a string split as a shell would split it (see {@link
   * ShellWords}); null when absent. A {@code $} in the string is passed as written, with a warning.
   */
  static List<String> command(Field field) {
    if (!field.present()) {
      return null;
    }
    if (!field.is(Kind.STRING)) {
      return field.words();
    }
    ShellWords split;
    try {
      split = ShellWords.split(field.string().orElseThrow());
    } catch (IllegalArgumentException e) {
      throw field.fail(e.getMessage());
    }
    if (split.dollar()) {
      field.warn(
          "'$' is passed as it is: berth runs no shell and expands no variables; use a list such as"
              + " [sh, -c, \"...\"] to have a shell do it");
    }
    return split.words();
  }

  static List<String> capabilities(Field field) {
    List<String> names = new ArrayList<>();
    List<Field> items = field.is(Kind.STRING) ? List.of(field) : field.items();
    for (Field item : items) {
      String text = item.string().orElseThrow(() -> item.fail("expected a capability name"));
      try {
        names.add(KnownNames.capability(text));
      } catch (IllegalArgumentException e) {
        throw item.fail(
            "expected a capability such as NET_BIND_SERVICE or CAP_SYS_NICE, or ALL, got "
                + item.describe());
      }
    }
    return names;
  }

  static Optional<String> signal(Field field) {
    if (!field.present()) {
      return Optional.empty();
    }
    if (!field.is(Kind.STRING) && !field.is(Kind.INTEGER)) {
      throw field.fail("expected a signal such as TERM or SIGINT, got " + field.describe());
    }
    try {
      return Optional.of(KnownNames.signal(field.scalarText().orElseThrow()));
    } catch (IllegalArgumentException e) {
      throw field.fail("expected a signal such as TERM or SIGINT, got " + field.describe());
    }
  }
}
