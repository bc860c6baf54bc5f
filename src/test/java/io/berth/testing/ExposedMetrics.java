package io.berth.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The samples of a Prometheus text exposition, to look a series up by name and labels whatever
 * order the labels were written in.
 */
public record ExposedMetrics(List<Sample> samples) {

  /** One line: a series and its value. */
  public record Sample(String name, Map<String, String> labels, double value) {
    boolean matches(String wanted, Map<String, String> subset) {
      return name.equals(wanted)
          && subset.entrySet().stream()
              .allMatch(e -> e.getValue().equals(labels.getOrDefault(e.getKey(), "")));
    }
  }

  public static ExposedMetrics parse(String text) {
    List<Sample> samples = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int brace = line.indexOf('{');
      int space = line.lastIndexOf(' ');
      String name;
      Map<String, String> labels = new LinkedHashMap<>();
      if (brace >= 0 && brace < space) {
        name = line.substring(0, brace);
        int close = line.lastIndexOf('}');
        labels = labels(line.substring(brace + 1, close));
        space = line.indexOf(' ', close);
      } else {
        name = line.substring(0, line.indexOf(' '));
        space = line.indexOf(' ');
      }
      String[] rest = line.substring(space + 1).strip().split(" ");
      samples.add(new Sample(name, labels, value(rest[0])));
    }
    return new ExposedMetrics(List.copyOf(samples));
  }

  /** The series named {@code name} whose labels include {@code labelPairs} (name, value, ...). */
  public List<Sample> find(String name, String... labelPairs) {
    Map<String, String> subset = new LinkedHashMap<>();
    for (int i = 0; i + 1 < labelPairs.length; i += 2) {
      subset.put(labelPairs[i], labelPairs[i + 1]);
    }
    return samples.stream().filter(s -> s.matches(name, subset)).toList();
  }

  /** The value of the one series that matches, if one does. */
  public Optional<Double> value(String name, String... labelPairs) {
    List<Sample> found = find(name, labelPairs);
    if (found.size() > 1) {
      throw new AssertionError(
          "%d series match %s %s: %s".formatted(found.size(), name, List.of(labelPairs), found));
    }
    return found.stream().findFirst().map(Sample::value);
  }

  public boolean has(String name) {
    return samples.stream().anyMatch(s -> s.name().equals(name));
  }

  private static Map<String, String> labels(String text) {
    Map<String, String> labels = new LinkedHashMap<>();
    int i = 0;
    while (i < text.length()) {
      int eq = text.indexOf('=', i);
      String key = text.substring(i, eq).strip();
      StringBuilder value = new StringBuilder();
      int j = eq + 2; // past ="
      while (text.charAt(j) != '"') {
        char c = text.charAt(j);
        if (c == '\\') {
          char next = text.charAt(++j);
          value.append(next == 'n' ? '\n' : next);
        } else {
          value.append(c);
        }
        j++;
      }
      labels.put(key, value.toString());
      i = j + 1;
      if (i < text.length() && text.charAt(i) == ',') {
        i++;
      }
    }
    return labels;
  }

  private static double value(String text) {
    return switch (text) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> Double.parseDouble(text);
    };
  }
}
