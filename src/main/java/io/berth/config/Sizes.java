package io.berth.config;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes in bytes as Docker reads them: a number of bytes, or a number with {@code k}, {@code m},
 * {@code g} or {@code t}, each 1024 times the one before (so {@code 256m}, {@code 256M}, {@code
 * 256Mi}, {@code 256MiB} and {@code 256mb} all mean 256 MiB), or {@code b} for bytes.
 */
final class Sizes {
  static final String EXPECTED = "a size in bytes or with a unit such as 256m or 1.5g";
  private static final Pattern SIZE =
      Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(?:([kmgt])i?b?|(b))?", Pattern.CASE_INSENSITIVE);

  private Sizes() {}

  /**
   * @throws IllegalArgumentException when the text is not a size or is too big for a long
   */
  static long parse(String text) {
    Matcher m = SIZE.matcher(text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a size");
    }
    BigDecimal amount = new BigDecimal(m.group(1));
    int shift =
        m.group(2) == null
            ? 0
            : switch (m.group(2).toLowerCase(Locale.ROOT)) {
              case "k" -> 10;
              case "m" -> 20;
              case "g" -> 30;
              default -> 40;
            };
    BigDecimal bytes = amount.multiply(BigDecimal.valueOf(1L << shift));
    if (shift == 0 && bytes.stripTrailingZeros().scale() > 0) {
      throw new IllegalArgumentException("a fraction of a byte");
    }
    if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      throw new IllegalArgumentException("too big");
    }
    return bytes.longValue();
  }
}
