package io.berth.template;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Numbers as templates see them: every integral Java number is a {@code long}, every other one a
 * {@code double}; literals read as Go reads them; doubles printed as Go's {@code %v} prints them.
 */
final class Numbers {
  private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

  private Numbers() {}

  /** A literal's value, a {@code Long} or a {@code Double}; null when it is not a number. */
  static Object parseLiteral(String literal) {
    String s = literal.replace("_", "");
    boolean negative = s.startsWith("-");
    if (s.startsWith("-") || s.startsWith("+")) {
      s = s.substring(1);
    }
    if (s.isEmpty()) {
      return null;
    }
    try {
      if (s.startsWith("0x") || s.startsWith("0X")) {
        return signed(new BigInteger(s.substring(2), 16), negative);
      }
      if (s.contains(".") || s.contains("e") || s.contains("E")) {
        double d = Double.parseDouble(s);
        return Double.isInfinite(d) ? null : negative ? -d : d;
      }
      if (s.length() > 1 && s.startsWith("0")) {
        return signed(new BigInteger(s.substring(1), 8), negative);
      }
      return signed(new BigInteger(s), negative);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Long signed(BigInteger value, boolean negative) {
    BigInteger v = negative ? value.negate() : value;
    return v.compareTo(LONG_MIN) < 0 || v.compareTo(LONG_MAX) > 0 ? null : v.longValue();
  }

  static boolean isNumber(Object value) {
    return value instanceof Number;
  }

  static boolean isIntegral(Object value) {
    return value instanceof Long
        || value instanceof Integer
        || value instanceof Short
        || value instanceof Byte
        || (value instanceof BigInteger b && b.bitLength() < 64)
        || (value instanceof BigDecimal d && isWholeLong(d));
  }

  private static boolean isWholeLong(BigDecimal d) {
    try {
      d.longValueExact();
      return true;
    } catch (ArithmeticException e) {
      return false;
    }
  }

  /** The value of an integral number (see {@link #isIntegral}). */
  static long toLong(Object value) {
    return value instanceof BigDecimal d ? d.longValueExact() : ((Number) value).longValue();
  }

  /** Integral numbers as {@code Long}, the others as {@code Double}, anything else unchanged. */
  static Object normalize(Object value) {
    if (!(value instanceof Number n) || value instanceof Long || value instanceof Double) {
      return value;
    }
    return isIntegral(n) ? (Object) toLong(n) : (Object) n.doubleValue();
  }

  /** As Go's {@code %v} prints a float64: shortest digits, exponent below 1e-4 and from 1e21. */
  static String format(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "+Inf" : "-Inf";
    }
    if (d == 0) {
      return (1 / d) < 0 ? "-0" : "0";
    }
    BigDecimal exact = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
    String digits = exact.unscaledValue().toString();
    int exponent = digits.length() - 1 - exact.scale();
    String sign = d < 0 ? "-" : "";
    if (exponent < -4 || exponent >= 21) {
      String mantissa =
          digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      int abs = Math.abs(exponent);
      return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + (abs < 10 ? "0" : "") + abs;
    }
    return sign + exact.toPlainString();
  }
}
