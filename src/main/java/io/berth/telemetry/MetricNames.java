package io.berth.telemetry;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Prometheus's naming rules for the families other code registers, held a little stricter than the
 * data model so that {@code promtool check metrics} passes: snake_case without capitals; no colons
 * (they are for recording rules); no leading {@code __} (reserved); none of the suffixes the
 * formats add themselves; and no prefix berth uses for its own families.
 */
final class MetricNames {
  private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]*");
  private static final List<String> RESERVED_PREFIXES = List.of("berth_", "jvm_", "process_");
  private static final List<String> RESERVED_SUFFIXES =
      List.of("_total", "_created", "_bucket", "_count", "_sum", "_info");

  private MetricNames() {}

  /**
   * The family's base name: {@code name}, or for a counter {@code name} without its {@code _total}.
   *
   * @throws IllegalArgumentException saying which rule the name breaks
   */
  static String family(String name, Sensor.Type type) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "'%s' is not a metric name: use lower-case letters, digits and '_', not starting with a digit"
              .formatted(name));
    }
    if (name.startsWith("__")) {
      throw new IllegalArgumentException(
          "'%s': names starting with '__' are reserved by Prometheus".formatted(name));
    }
    for (String prefix : RESERVED_PREFIXES) {
      if (name.startsWith(prefix)) {
        throw new IllegalArgumentException(
            "'%s': names starting with '%s' are berth's own metrics; use a prefix of your own"
                .formatted(name, prefix));
      }
    }
    String base =
        type == Sensor.Type.COUNTER && name.endsWith("_total")
            ? name.substring(0, name.length() - "_total".length())
            : name;
    for (String suffix : RESERVED_SUFFIXES) {
      if (base.endsWith(suffix)) {
        throw new IllegalArgumentException(
            "'%s': a %s may not end in '%s'%s"
                .formatted(
                    name,
                    type.label(),
                    suffix,
                    suffix.equals("_total")
                        ? ", which only counters have"
                        : ", which the exposition adds to other series"));
      }
    }
    if (base.isEmpty() || base.equals("_")) {
      throw new IllegalArgumentException("'%s' is not a metric name".formatted(name));
    }
    return base;
  }

  /**
   * Checks label names: each a snake_case name, none twice, none reserved ({@code __...}, and
   * {@code le} or {@code quantile}, which histograms and summaries add).
   *
   * @throws IllegalArgumentException naming the bad label
   */
  static List<String> labels(String family, List<String> labelNames) {
    if (labelNames == null) {
      return List.of();
    }
    Set<String> seen = new HashSet<>();
    for (String label : labelNames) {
      if (label == null || !NAME.matcher(label).matches()) {
        throw new IllegalArgumentException(
            "%s: '%s' is not a label name: use lower-case letters, digits and '_', not starting with a digit"
                .formatted(family, label));
      }
      if (label.startsWith("__") || label.equals("le") || label.equals("quantile")) {
        throw new IllegalArgumentException(
            "%s: the label name '%s' is reserved by Prometheus".formatted(family, label));
      }
      if (!seen.add(label)) {
        throw new IllegalArgumentException(
            "%s: the label '%s' is given twice".formatted(family, label));
      }
    }
    return List.copyOf(labelNames);
  }
}
