package io.berth.kv;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.Locale;
import java.util.Set;

/**
 * Reads a value in GVariant's text format (what {@code dconf dump} prints) as JSON: strings and
 * byte strings, integers of every width (decimal, {@code 0x} hex, {@code 0} octal), doubles,
 * booleans, arrays and tuples (as arrays), dictionaries (as objects), variants {@code <..>}, maybe
 * values ({@code just}, {@code nothing} as null), with type annotations ({@code @as}, {@code
 * uint32}, ...) read and dropped. An error names the column and what was expected, and never quotes
 * the text, which may be a secret.
 */
final class GVariantParser {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Set<String> TYPE_KEYWORDS =
      Set.of(
          "boolean",
          "byte",
          "int16",
          "uint16",
          "int32",
          "uint32",
          "int64",
          "uint64",
          "handle",
          "double",
          "string",
          "objectpath",
          "signature",
          "just");

  private final String text;
  private int at;

  private GVariantParser(String text) {
    this.text = text;
  }

  /** The JSON value of {@code text}, which holds one GVariant value. */
  static JsonNode parse(String text) {
    GVariantParser parser = new GVariantParser(text);
    JsonNode value = parser.value();
    parser.skipSpace();
    if (parser.at < text.length()) {
      throw parser.error("unexpected '" + text.charAt(parser.at) + "' after the value");
    }
    return value;
  }

  private JsonNode value() {
    skipSpace();
    if (at >= text.length()) {
      throw error("a value is missing");
    }
    char c = text.charAt(at);
    switch (c) {
      case '\'', '"' -> {
        return NODES.textNode(string());
      }
      case '[' -> {
        return sequence('[', ']');
      }
      case '(' -> {
        return sequence('(', ')');
      }
      case '{' -> {
        return dictionary();
      }
      case '<' -> {
        at++;
        JsonNode inner = value();
        expect('>');
        return inner;
      }
      case '@' -> {
        at++;
        type();
        return value();
      }
      default -> {}
    }
    if (c == 'b'
        && at + 1 < text.length()
        && (text.charAt(at + 1) == '\'' || text.charAt(at + 1) == '"')) {
      at++;
      return NODES.textNode(string());
    }
    if (c == '-' || c == '+' || c == '.' || Character.isDigit(c)) {
      return number();
    }
    if (Character.isLetter(c)) {
      int start = at;
      while (at < text.length() && Character.isLetterOrDigit(text.charAt(at))) {
        at++;
      }
      String word = text.substring(start, at);
      return switch (word) {
        case "true" -> NODES.booleanNode(true);
        case "false" -> NODES.booleanNode(false);
        case "nothing" -> NODES.nullNode();
        case "inf", "nan" -> throw error("'%s' has no JSON value".formatted(word), start);
        default -> {
          if (TYPE_KEYWORDS.contains(word)) {
            yield value();
          }
          throw error("unknown word '%s'".formatted(word), start);
        }
      };
    }
    throw error("unexpected '" + c + "'");
  }

  private JsonNode sequence(char open, char close) {
    at++;
    ArrayNode array = NODES.arrayNode();
    skipSpace();
    if (peek(close)) {
      at++;
      return array;
    }
    while (true) {
      array.add(value());
      skipSpace();
      if (peek(',')) {
        at++;
        skipSpace();
        if (close == ')' && peek(')')) {
          at++;
          return array;
        }
        continue;
      }
      expect(close);
      return array;
    }
  }

  private JsonNode dictionary() {
    at++;
    ObjectNode object = NODES.objectNode();
    skipSpace();
    if (peek('}')) {
      at++;
      return object;
    }
    while (true) {
      int keyAt = at;
      JsonNode key = value();
      if (!key.isValueNode() || key.isNull()) {
        throw error("a dictionary key is a string or a number", keyAt);
      }
      skipSpace();
      if (peek(',') && object.isEmpty()) {
        // a lone dictionary entry: {key, value}
        at++;
        object.set(key.asText(), value());
        expect('}');
        return object;
      }
      expect(':');
      object.set(key.asText(), value());
      skipSpace();
      if (peek(',')) {
        at++;
        continue;
      }
      expect('}');
      return object;
    }
  }

  private String string() {
    char quote = text.charAt(at);
    int start = at;
    at++;
    StringBuilder out = new StringBuilder();
    while (true) {
      if (at >= text.length()) {
        throw error("the string has no closing " + quote, start);
      }
      char c = text.charAt(at++);
      if (c == quote) {
        return out.toString();
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      if (at >= text.length()) {
        throw error("the string ends in a backslash", start);
      }
      char e = text.charAt(at++);
      switch (e) {
        case 'u' -> out.appendCodePoint(hex(4));
        case 'U' -> out.appendCodePoint(hex(8));
        case 'a' -> out.append((char) 0x07);
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'v' -> out.append((char) 0x0b);
        default -> {
          if (e >= '0' && e <= '7') {
            // octal, as byte strings write bytes: up to three digits
            int value = e - '0';
            for (int i = 0;
                i < 2 && at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '7';
                i++) {
              value = value * 8 + (text.charAt(at++) - '0');
            }
            out.append((char) value);
          } else {
            out.append(e);
          }
        }
      }
    }
  }

  private int hex(int digits) {
    if (at + digits > text.length()) {
      throw error("expected %d hex digits".formatted(digits));
    }
    String hex = text.substring(at, at + digits);
    try {
      int code = Integer.parseUnsignedInt(hex, 16);
      if (!Character.isValidCodePoint(code)) {
        throw error("\\u%s is not a Unicode code point".formatted(hex));
      }
      at += digits;
      return code;
    } catch (NumberFormatException e) {
      throw error("expected %d hex digits, not '%s'".formatted(digits, hex));
    }
  }

  private JsonNode number() {
    int start = at;
    while (at < text.length()) {
      char c = text.charAt(at);
      if (Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '+') {
        at++;
      } else {
        break;
      }
    }
    String token = text.substring(start, at);
    String lower = token.toLowerCase(Locale.ROOT);
    boolean negative = lower.startsWith("-");
    String digits = lower.startsWith("-") || lower.startsWith("+") ? lower.substring(1) : lower;
    try {
      if (digits.startsWith("0x")) {
        return integer(new BigInteger(digits.substring(2), 16), negative);
      }
      if (digits.contains(".") || digits.contains("e")) {
        double d = Double.parseDouble(lower);
        if (Double.isInfinite(d)) {
          throw error("'%s' is too large for a double".formatted(token), start);
        }
        return NODES.numberNode(d);
      }
      if (digits.length() > 1 && digits.startsWith("0")) {
        return integer(new BigInteger(digits.substring(1), 8), negative);
      }
      return integer(new BigInteger(digits), negative);
    } catch (NumberFormatException e) {
      throw error("'%s' is not a number".formatted(token), start);
    }
  }

  private static JsonNode integer(BigInteger magnitude, boolean negative) {
    BigInteger n = negative ? magnitude.negate() : magnitude;
    if (n.bitLength() < 32) {
      return NODES.numberNode(n.intValue());
    }
    if (n.bitLength() < 64) {
      return NODES.numberNode(n.longValue());
    }
    return NODES.numberNode(n);
  }

  /** Skips one GVariant type string: a basic type, or m, a, (..), {..} around others. */
  private void type() {
    if (at >= text.length()) {
      throw error("a type is missing after '@'");
    }
    char c = text.charAt(at++);
    switch (c) {
      case 'm', 'a' -> type();
      case '(' -> {
        while (!peek(')')) {
          type();
        }
        at++;
      }
      case '{' -> {
        type();
        type();
        expect('}');
      }
      default -> {
        if ("bynqiuxthdsogv*?r".indexOf(c) < 0) {
          throw error("'" + c + "' is not a GVariant type", at - 1);
        }
      }
    }
  }

  private boolean peek(char c) {
    return at < text.length() && text.charAt(at) == c;
  }

  private void expect(char c) {
    skipSpace();
    if (!peek(c)) {
      throw error(
          "expected '%s'%s"
              .formatted(
                  c, at < text.length() ? ", found '" + text.charAt(at) + "'" : " at the end"));
    }
    at++;
  }

  private void skipSpace() {
    while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
      at++;
    }
  }

  private IllegalArgumentException error(String message) {
    return error(message, at);
  }

  private IllegalArgumentException error(String message, int column) {
    return new IllegalArgumentException("column %d: %s".formatted(column + 1, message));
  }
}
