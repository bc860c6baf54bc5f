package io.berth.template;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

/**
 * Go's {@code fmt.Sprintf} for the verbs templates use: {@code %v %s %d %q %x %X %f %t %c %%}, with
 * the flags {@code - + 0 #} and space, a width and a precision. Where Go would print {@code
 * %!d(string=x)} into the output, this fails with a message instead.
 */
final class GoPrintf {
  private static final String VERBS = "%v %s %d %q %x %X %f %t %c %%";

  private GoPrintf() {}

  /** A conversion's flags, width and precision (-1 when absent). */
  private record Spec(
      boolean minus,
      boolean plus,
      boolean zero,
      boolean space,
      boolean sharp,
      int width,
      int prec) {}

  static String format(String format, List<Object> args, int limit) {
    StringBuilder out = new StringBuilder();
    int arg = 0;
    int i = 0;
    while (i < format.length()) {
      char c = format.charAt(i);
      if (c != '%') {
        out.append(c);
        i++;
        continue;
      }
      int start = i++;
      boolean minus = false;
      boolean plus = false;
      boolean zero = false;
      boolean space = false;
      boolean sharp = false;
      while (i < format.length() && "-+0 #".indexOf(format.charAt(i)) >= 0) {
        switch (format.charAt(i++)) {
          case '-' -> minus = true;
          case '+' -> plus = true;
          case '0' -> zero = true;
          case ' ' -> space = true;
          default -> sharp = true;
        }
      }
      int width = -1;
      int prec = -1;
      int digits = i;
      while (i < format.length() && Character.isDigit(format.charAt(i))) {
        i++;
      }
      if (i > digits) {
        width = bounded(format.substring(digits, i), limit);
      }
      if (i < format.length() && format.charAt(i) == '.') {
        i++;
        digits = i;
        while (i < format.length() && Character.isDigit(format.charAt(i))) {
          i++;
        }
        prec = i > digits ? bounded(format.substring(digits, i), limit) : 0;
      }
      if (i >= format.length()) {
        throw new TemplateFunctionException(
            "the format ends inside the conversion \"" + format.substring(start) + "\"");
      }
      char verb = format.charAt(i++);
      String conversion = format.substring(start, i);
      if (verb == '%') {
        out.append('%');
        continue;
      }
      if (arg >= args.size()) {
        throw new TemplateFunctionException(
            "\"%s\" has no argument: the format has more conversions than the %d argument%s given"
                .formatted(conversion, args.size(), args.size() == 1 ? "" : "s"));
      }
      Spec spec = new Spec(minus, plus, zero, space, sharp, width, prec);
      out.append(convert(verb, conversion, spec, args.get(arg++), limit));
      if (out.length() > limit) {
        throw Values.tooLong(limit);
      }
    }
    if (arg < args.size()) {
      throw new TemplateFunctionException(
          "%d argument%s but the format uses %d"
              .formatted(args.size(), args.size() == 1 ? "" : "s", arg));
    }
    return out.toString();
  }

  private static int bounded(String digits, int limit) {
    if (digits.length() > 9 || Integer.parseInt(digits) > limit) {
      throw Values.tooLong(limit);
    }
    return Integer.parseInt(digits);
  }

  private static String convert(char verb, String conversion, Spec spec, Object v, int limit) {
    return switch (verb) {
      case 'v', 's' -> {
        String s = Values.print(v, limit);
        if (spec.prec() >= 0 && s.codePointCount(0, s.length()) > spec.prec()) {
          s = s.substring(0, s.offsetByCodePoints(0, spec.prec()));
        }
        yield pad(s, spec, false);
      }
      case 'd' -> pad(signed(Long.toString(integer(v, conversion)), spec), spec, true);
      case 'q' -> {
        if (!(v instanceof String s)) {
          throw mismatch(conversion, "a string", v);
        }
        yield pad(quote(s), spec, false);
      }
      case 'x', 'X' -> {
        String hex;
        if (v instanceof String s) {
          hex = HexFormat.of().formatHex(s.getBytes(StandardCharsets.UTF_8));
        } else {
          long n = integer(v, conversion);
          hex = (n < 0 ? "-" : "") + Long.toHexString(Math.abs(n));
        }
        if (spec.sharp()) {
          hex = hex.startsWith("-") ? "-0x" + hex.substring(1) : "0x" + hex;
        }
        yield pad(verb == 'X' ? hex.toUpperCase() : hex, spec, true);
      }
      case 'f', 'F' -> {
        if (!(v instanceof Number n)) {
          throw mismatch(conversion, "a number", v);
        }
        int prec = spec.prec() < 0 ? 6 : spec.prec();
        String text =
            Numbers.isIntegral(n)
                ? BigDecimal.valueOf(Numbers.toLong(n)).setScale(prec).toPlainString()
                : fixed(n.doubleValue(), prec);
        yield pad(signed(text, spec), spec, true);
      }
      case 't' -> {
        if (!(v instanceof Boolean b)) {
          throw mismatch(conversion, "true or false", v);
        }
        yield pad(b.toString(), spec, false);
      }
      case 'c' -> {
        long n = integer(v, conversion);
        if (n < 0 || n > Character.MAX_CODE_POINT) {
          throw new TemplateFunctionException(conversion + " needs a Unicode code point, not " + n);
        }
        yield pad(Character.toString((int) n), spec, false);
      }
      default ->
          throw new TemplateFunctionException(
              "unknown conversion \"" + conversion + "\"; the known ones are " + VERBS);
    };
  }

  private static String fixed(double d, int prec) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      return Numbers.format(d);
    }
    return new BigDecimal(d).setScale(prec, RoundingMode.HALF_EVEN).toPlainString();
  }

  private static long integer(Object v, String conversion) {
    if (!Numbers.isIntegral(v)) {
      String hint = v instanceof String ? " (atoi turns a string of digits into a number)" : "";
      throw mismatch(conversion, "a whole number", v, hint);
    }
    return Numbers.toLong(v);
  }

  private static TemplateFunctionException mismatch(String conversion, String wanted, Object v) {
    return mismatch(conversion, wanted, v, "");
  }

  private static TemplateFunctionException mismatch(
      String conversion, String wanted, Object v, String hint) {
    return new TemplateFunctionException(
        "\"%s\" needs %s, not %s%s".formatted(conversion, wanted, Values.describe(v), hint));
  }

  private static String signed(String number, Spec spec) {
    if (number.startsWith("-")) {
      return number;
    }
    return (spec.plus() ? "+" : spec.space() ? " " : "") + number;
  }

  private static String pad(String s, Spec spec, boolean numeric) {
    int length = s.codePointCount(0, s.length());
    if (spec.width() <= length) {
      return s;
    }
    String fill = " ".repeat(spec.width() - length);
    if (spec.minus()) {
      return s + fill;
    }
    if (spec.zero() && numeric) {
      int signLength = !s.isEmpty() && "+- ".indexOf(s.charAt(0)) >= 0 ? 1 : 0;
      return s.substring(0, signLength) + "0".repeat(fill.length()) + s.substring(signLength);
    }
    return fill + s;
  }

  /** A string in double quotes with Go's escapes, as {@code %q} and {@code strconv.Quote} write. */
  static String quote(String s) {
    StringBuilder out = new StringBuilder("\"");
    s.codePoints()
        .forEach(
            cp -> {
              switch (cp) {
                case 0x07 -> out.append("\\a");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case 0x0b -> out.append("\\v");
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                default -> {
                  if (printable(cp)) {
                    out.appendCodePoint(cp);
                  } else if (cp < 0x80) {
                    out.append("\\x%02x".formatted(cp));
                  } else if (cp < 0x10000) {
                    out.append("\\u%04x".formatted(cp));
                  } else {
                    out.append("\\U%08x".formatted(cp));
                  }
                }
              }
            });
    return out.append('"').toString();
  }

  private static boolean printable(int cp) {
    if (cp == ' ') {
      return true;
    }
    int type = Character.getType(cp);
    return !Character.isISOControl(cp)
        && !Character.isSpaceChar(cp)
        && type != Character.UNASSIGNED
        && type != Character.FORMAT
        && type != Character.SURROGATE
        && type != Character.PRIVATE_USE;
  }
}
