package io.berth.telemetry;

import java.util.List;
import java.util.Locale;

/**
 * A metric family registered by other code, such as a ContainerPilot sensor whose values come from
 * a command's output. Close it to take its family off {@code /metrics}.
 */
public interface Sensor extends AutoCloseable {

  /** The family's name as exposed (a counter's ends in {@code _total}). */
  String name();

  Type type();

  List<String> labelNames();

  /**
   * Records a value: a counter adds it (it must not be negative), a gauge becomes it, a histogram
   * or summary observes it.
   *
   * @param labelValues one per label name, in order
   * @throws IllegalArgumentException for a negative count or the wrong number of label values
   */
  void record(double value, String... labelValues);

  /**
   * Records what a command printed: its output, stripped of surrounding blanks, must be one number.
   *
   * @throws IllegalArgumentException when it is not
   */
  default void record(String output, String... labelValues) {
    String text = output == null ? "" : output.strip();
    double value;
    try {
      value = Double.parseDouble(text);
    } catch (NumberFormatException e) {
      String shown = text.lines().findFirst().orElse("");
      shown = shown.length() > 40 ? shown.substring(0, 40) + "…" : shown;
      throw new IllegalArgumentException(
          "sensor %s: the output \"%s\" is not a number".formatted(name(), shown));
    }
    record(value, labelValues);
  }

  /** Takes the family off the metrics. */
  @Override
  void close();

  /** The kinds of metric a sensor may be. */
  enum Type {
    COUNTER,
    GAUGE,
    HISTOGRAM,
    SUMMARY;

    /**
     * {@code counter}, {@code gauge}, {@code histogram} or {@code summary}, in any case.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static Type parse(String text) {
      for (Type type : values()) {
        if (type.name().equalsIgnoreCase(text == null ? "" : text.strip())) {
          return type;
        }
      }
      throw new IllegalArgumentException(
          "unknown metric type '%s': expected counter, gauge, histogram or summary"
              .formatted(text));
    }

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
