package io.berth.cli;

import java.util.Locale;

/** Byte counts as people read them: 1000-based units, as Docker and podman print them. */
final class Sizes {
  private static final String[] UNITS = {"B", "kB", "MB", "GB", "TB"};

  private Sizes() {}

  static String human(long bytes) {
    if (bytes < 1000) {
      return bytes + "B";
    }
    double value = bytes;
    int unit = 0;
    while (value >= 1000 && unit < UNITS.length - 1) {
      value /= 1000;
      unit++;
    }
    return String.format(
        Locale.ROOT, value < 10 ? "%.2f%s" : value < 100 ? "%.1f%s" : "%.0f%s", value, UNITS[unit]);
  }
}
