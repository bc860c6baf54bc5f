package io.berth.kv;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;

/**
 * JSON values in GVariant's text format, as {@code g_variant_print} writes them and {@code dconf
 * load} reads them: strings quoted (with {@code "} when they hold a {@code '}) and escaped, 32-bit
 * integers bare and wider ones typed ({@code int64 5000000000}), doubles with a point, booleans,
 * arrays whose elements share a type as {@code [..]} and the others as tuples {@code (..)}, an
 * empty array as {@code @as []}, null as {@code @mv nothing}, and objects as strings of JSON.
 */
final class GVariantWriter {
  private static final BigInteger UINT64_MAX =
      BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  private GVariantWriter() {}

  static String write(JsonNode value) {
    StringBuilder out = new StringBuilder();
    write(value, out);
    return out.toString();
  }

  private static void write(JsonNode value, StringBuilder out) {
    switch (value.getNodeType()) {
      case NULL, MISSING -> out.append("@mv nothing");
      case BOOLEAN -> out.append(value.booleanValue());
      case STRING -> string(value.textValue(), out);
      case NUMBER -> number(value, out);
      case ARRAY -> array(value, out);
      default -> string(value.toString(), out);
    }
  }

  private static void number(JsonNode value, StringBuilder out) {
    if (value.isIntegralNumber()) {
      BigInteger n = value.bigIntegerValue();
      if (n.bitLength() < 32) {
        out.append(n);
      } else if (n.bitLength() < 64) {
        out.append("int64 ").append(n);
      } else if (n.signum() > 0 && n.compareTo(UINT64_MAX) <= 0) {
        out.append("uint64 ").append(n);
      } else {
        // beyond every GVariant integer: the digits survive as a string
        string(n.toString(), out);
      }
      return;
    }
    double d = value.doubleValue();
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      string(value.asText(), out);
      return;
    }
    String text = Double.toString(d).replace('E', 'e');
    out.append(text);
  }

  private static void array(JsonNode array, StringBuilder out) {
    if (array.isEmpty()) {
      out.append("@as []");
      return;
    }
    String first = signature(array.get(0));
    boolean uniform = true;
    for (JsonNode element : array) {
      uniform &= signature(element).equals(first);
    }
    out.append(uniform ? '[' : '(');
    for (int i = 0; i < array.size(); i++) {
      if (i > 0) {
        out.append(", ");
      }
      write(array.get(i), out);
    }
    if (!uniform && array.size() == 1) {
      out.append(',');
    }
    out.append(uniform ? ']' : ')');
  }

  /** The GVariant type {@link #write} gives a value, to tell arrays from tuples. */
  private static String signature(JsonNode value) {
    return switch (value.getNodeType()) {
      case NULL, MISSING -> "mv";
      case BOOLEAN -> "b";
      case NUMBER -> {
        if (!value.isIntegralNumber()) {
          yield "d";
        }
        int bits = value.bigIntegerValue().bitLength();
        yield bits < 32 ? "i" : bits < 64 ? "x" : value.bigIntegerValue().signum() > 0 ? "t" : "s";
      }
      case ARRAY -> {
        if (value.isEmpty()) {
          yield "as";
        }
        String first = signature(value.get(0));
        StringBuilder tuple = new StringBuilder("(");
        boolean uniform = true;
        for (JsonNode element : value) {
          String s = signature(element);
          uniform &= s.equals(first);
          tuple.append(s);
        }
        yield uniform ? "a" + first : tuple.append(')').toString();
      }
      default -> "s";
    };
  }

  /** As GLib prints a string: quoted, the quote and backslash escaped, unprintables as escapes. */
  static void string(String text, StringBuilder out) {
    char quote = text.indexOf('\'') >= 0 ? '"' : '\'';
    out.append(quote);
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      i += Character.charCount(c);
      if (c == quote || c == '\\') {
        out.append('\\').appendCodePoint(c);
      } else if (printable(c)) {
        out.appendCodePoint(c);
      } else {
        out.append(
            switch (c) {
              case 0x07 -> "\\a";
              case '\b' -> "\\b";
              case '\f' -> "\\f";
              case '\n' -> "\\n";
              case '\r' -> "\\r";
              case '\t' -> "\\t";
              case 0x0b -> "\\v";
              default -> c < 0x10000 ? "\\u%04x".formatted(c) : "\\U%08x".formatted(c);
            });
      }
    }
    out.append(quote);
  }

  /** As g_unichar_isprint: not a control, format, unassigned or surrogate code point. */
  private static boolean printable(int c) {
    int type = Character.getType(c);
    return type != Character.CONTROL
        && type != Character.FORMAT
        && type != Character.UNASSIGNED
        && type != Character.SURROGATE
        && type != Character.LINE_SEPARATOR
        && type != Character.PARAGRAPH_SEPARATOR;
  }
}
