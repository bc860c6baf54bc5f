package io.berth.spec;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them: {@code 250ms}, {@code 10s}, {@code 5m}, {@code 1h30m}, {@code
 * 1.5s}, or a bare number of seconds.
 */
public final class Durations {
  public static final String EXPECTED =
      "a duration such as 250ms, 10s, 5m or 1h30m, or a number of seconds";
  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|h|m|s)");
  private static final Pattern SECONDS = Pattern.compile("-?\\d+(?:\\.\\d+)?");
  private static final BigDecimal MAX_SECONDS = BigDecimal.valueOf(Long.MAX_VALUE / 1_000_000_000L);

  private Durations() {}

  /**
   * Parses a duration; with {@code negative} a negative number of seconds is allowed too.
   *
   * @throws IllegalArgumentException when the text is none of these
   */
  public static Duration parse(String text, boolean negative) {
    String s = text.strip();
    if (SECONDS.matcher(s).matches()) {
      BigDecimal seconds = new BigDecimal(s);
      if (seconds.signum() < 0 && !negative) {
        throw new IllegalArgumentException("negative");
      }
      return ofSeconds(seconds);
    }
    if (s.isEmpty()) {
      throw new IllegalArgumentException("empty");
    }
    Matcher m = PART.matcher(s);
    BigDecimal total = BigDecimal.ZERO;
    int end = 0;
    while (m.lookingAt()) {
      BigDecimal amount = new BigDecimal(m.group(1));
      BigDecimal unit =
          switch (m.group(2)) {
            case "ms" -> new BigDecimal("0.001");
            case "s" -> BigDecimal.ONE;
            case "m" -> BigDecimal.valueOf(60);
            default -> BigDecimal.valueOf(3600);
          };
      total = total.add(amount.multiply(unit));
      end = m.end();
      m.region(end, s.length());
    }
    if (end != s.length()) {
      throw new IllegalArgumentException("not a duration");
    }
    return ofSeconds(total);
  }

  private static Duration ofSeconds(BigDecimal seconds) {
    if (seconds.abs().compareTo(MAX_SECONDS) > 0) {
      throw new IllegalArgumentException("too long");
    }
    BigDecimal nanos = seconds.movePointRight(9);
    return Duration.ofNanos(nanos.setScale(0, java.math.RoundingMode.DOWN).longValueExact());
  }

  /**
   * The shortest of these forms that says {@code d} exactly: {@code 250ms}, {@code 10s}, {@code
   * 1h30m}.
   */
  public static String format(Duration d) {
    if (d.isNegative()) {
      return "-" + format(d.negated());
    }
    if (d.isZero()) {
      return "0s";
    }
    if (d.toNanosPart() % 1_000_000 != 0 || (d.toMillisPart() != 0 && d.toSeconds() >= 60)) {
      return BigDecimal.valueOf(d.toNanos(), 9).stripTrailingZeros().toPlainString() + "s";
    }
    if (d.toSeconds() == 0) {
      return d.toMillisPart() + "ms";
    }
    if (d.toMillisPart() != 0) {
      return BigDecimal.valueOf(d.toMillis(), 3).stripTrailingZeros().toPlainString() + "s";
    }
    StringBuilder s = new StringBuilder();
    if (d.toHours() > 0) {
      s.append(d.toHours()).append('h');
    }
    if (d.toMinutesPart() > 0) {
      s.append(d.toMinutesPart()).append('m');
    }
    if (d.toSecondsPart() > 0) {
      s.append(d.toSecondsPart()).append('s');
    }
    return s.toString();
  }
}
