package io.berth.config;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.berth.config.Node.ListNode;
import io.berth.config.Node.MapNode;
import io.berth.config.Node.Position;
import io.berth.config.Node.ScalarNode;
import io.berth.config.Node.ScalarNode.Kind;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * One field of a document with the path that leads to it and its place in the text, so that each
 * complaint names source, line, column and field. The place of a mapping's member is where its key
 * stands; a field that is absent takes the place of the mapping it is missing from.
 *
 * @param node the value, or null when the field is absent
 */
record Field(Document doc, String path, Position at, Node node) {
  private static final Pattern PLAIN_STEP = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");
  private static final int QUOTE_LIMIT = 40;

  static Field root(Document doc, Node node) {
    return new Field(doc, "", node == null ? Position.START : node.at(), node);
  }

  static String childPath(String path, String key) {
    String step =
        PLAIN_STEP.matcher(key).matches()
            ? key
            : "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(key)) + "\"";
    return path.isEmpty() ? step : path + "." + step;
  }

  static String indexPath(String path, int index) {
    return path + "[" + index + "]";
  }

  ConfigException fail(String problem) {
    return fail(problem, null);
  }

  ConfigException fail(String problem, Throwable cause) {
    return new ConfigException(
        doc.source(), at.line(), at.column(), path, doc.redact(problem), cause);
  }

  void warn(String message) {
    doc.warn(new ConfigWarning(doc.source(), at.line(), at.column(), path, doc.redact(message)));
  }

  boolean present() {
    return node != null && !(node instanceof ScalarNode s && s.kind() == Kind.NULL);
  }

  boolean isMap() {
    return node instanceof MapNode;
  }

  boolean isList() {
    return node instanceof ListNode;
  }

  boolean is(Kind kind) {
    return node instanceof ScalarNode s && s.kind() == kind;
  }

  /** The members of a mapping in document order; absent and null count as empty. */
  Map<String, Field> members() {
    if (!present()) {
      return Map.of();
    }
    if (!(node instanceof MapNode map)) {
      throw fail("expected a mapping, got " + describe());
    }
    Map<String, Field> members = new LinkedHashMap<>();
    for (var member : map.members().values()) {
      members.put(
          member.key(),
          new Field(doc, childPath(path, member.key()), member.keyAt(), member.value()));
    }
    return members;
  }

  /** Refuses a member not in {@code known}, naming it and the known ones. */
  Field only(Collection<String> known) {
    for (var member : members().entrySet()) {
      if (!known.contains(member.getKey())) {
        throw member
            .getValue()
            .fail("unknown field; known fields are " + String.join(", ", sorted(known)));
      }
    }
    return this;
  }

  Field child(String name) {
    Field member = members().get(name);
    return member != null ? member : new Field(doc, childPath(path, name), at, null);
  }

  /** The items of a list; absent and null count as empty. */
  List<Field> items() {
    if (!present()) {
      return List.of();
    }
    if (!(node instanceof ListNode list)) {
      throw fail("expected a list, got " + describe());
    }
    List<Field> items = new ArrayList<>();
    for (int i = 0; i < list.items().size(); i++) {
      Node item = list.items().get(i);
      items.add(new Field(doc, indexPath(path, i), item.at(), item));
    }
    return items;
  }

  Optional<String> string() {
    if (!present()) {
      return Optional.empty();
    }
    if (!is(Kind.STRING)) {
      throw fail("expected a string, got " + describe());
    }
    return Optional.of(((ScalarNode) node).text());
  }

  /** A string that must be there; {@code expected} says what it should be. */
  String requiredString(String expected) {
    return string().orElseThrow(() -> fail("missing; expected " + expected));
  }

  ConfigException missing(String expected) {
    return fail("missing; expected " + expected);
  }

  /** A password or other secret: like {@link #string()}, but never quotes what it finds. */
  Optional<String> secret() {
    if (!present()) {
      return Optional.empty();
    }
    if (!is(Kind.STRING)) {
      throw fail("expected a string, got " + kindName());
    }
    return Optional.of(((ScalarNode) node).text());
  }

  /** A string, number or boolean, as written: for a user {@code 1000} or a label {@code 2}. */
  Optional<String> scalarText() {
    if (!present()) {
      return Optional.empty();
    }
    if (!(node instanceof ScalarNode scalar)) {
      throw fail("expected a string, got " + describe());
    }
    return Optional.of(scalar.text());
  }

  Optional<Boolean> bool() {
    if (!present()) {
      return Optional.empty();
    }
    if (!is(Kind.BOOLEAN)) {
      throw fail("expected true or false, got " + describe());
    }
    return Optional.of(Boolean.parseBoolean(((ScalarNode) node).text()));
  }

  /** A whole number from 0 to {@code max}. */
  Optional<Long> nonNegative(long max) {
    if (!present()) {
      return Optional.empty();
    }
    Number number = is(Kind.INTEGER) ? ((ScalarNode) node).number() : null;
    if (number == null || (!(number instanceof java.math.BigInteger) && number.longValue() < 0)) {
      throw fail("expected a non-negative number, got " + describe());
    }
    if (number instanceof java.math.BigInteger || number.longValue() > max) {
      throw fail("expected a number up to %d, got %s".formatted(max, describe()));
    }
    return Optional.of(number.longValue());
  }

  Optional<Double> number() {
    if (!present()) {
      return Optional.empty();
    }
    if (!is(Kind.INTEGER) && !is(Kind.DECIMAL)) {
      throw fail("expected a number, got " + describe());
    }
    return Optional.of(((ScalarNode) node).number().doubleValue());
  }

  /** A string, or a list of strings (numbers and booleans are taken as written). */
  List<String> words() {
    if (!present()) {
      return List.of();
    }
    if (node instanceof ScalarNode) {
      return List.of(string().orElseThrow());
    }
    List<String> words = new ArrayList<>();
    for (Field item : items()) {
      if (!(item.node instanceof ScalarNode) || !item.present()) {
        throw item.fail("expected a string, got " + item.describe());
      }
      words.add(((ScalarNode) item.node).text());
    }
    return words;
  }

  /** The value for a message: strings quoted as JSON (and cut short), others by kind. */
  String describe() {
    if (node == null) {
      return "nothing";
    }
    return switch (node) {
      case MapNode m -> "a mapping";
      case ListNode l -> "a list";
      case ScalarNode s when s.kind() == Kind.STRING && doc.isSecret(s.text()) -> "a string";
      case ScalarNode s when s.kind() == Kind.STRING -> {
        String text =
            s.text().length() > QUOTE_LIMIT ? s.text().substring(0, QUOTE_LIMIT) + "…" : s.text();
        yield "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + "\"";
      }
      case ScalarNode s -> s.text();
    };
  }

  /** The kind of value, without the value: for secrets. */
  String kindName() {
    return switch (node) {
      case null -> "nothing";
      case MapNode m -> "a mapping";
      case ListNode l -> "a list";
      case ScalarNode s ->
          switch (s.kind()) {
            case STRING -> "a string";
            case INTEGER, DECIMAL -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
          };
    };
  }

  private static List<String> sorted(Collection<String> names) {
    return List.copyOf(new TreeSet<>(names));
  }
}
