package io.berth.cli;

import java.util.Locale;

/** Parses sizes as Docker's flags take them: {@code 512}, {@code 64k}, {@code 64m}, {@code 1g}. */
final class ByteSizes {
  private ByteSizes() {}

  static long parse(String text, String flag) {
    String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    if (t.endsWith("b")) {
      t = t.substring(0, t.length() - 1);
    }
    long unit = 1;
    if (!t.isEmpty()) {
      switch (t.charAt(t.length() - 1)) {
        case 'k' -> unit = 1L << 10;
        case 'm' -> unit = 1L << 20;
        case 'g' -> unit = 1L << 30;
        case 't' -> unit = 1L << 40;
        default -> unit = 1;
      }
      if (unit != 1) {
        t = t.substring(0, t.length() - 1);
      }
    }
    try {
      double value = Double.parseDouble(t);
      if (value < 0 || Double.isNaN(value) || Double.isInfinite(value)) {
        throw new NumberFormatException();
      }
      return (long) (value * unit);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "invalid value '%s' for %s: expected a size such as 512m or 1g".formatted(text, flag));
    }
  }
}
