package io.berth.image.registry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/** The header fields of an answer: names are case-insensitive, values in the order they came. */
record Headers(Map<String, List<String>> fields) {

  Headers {
    TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    fields.forEach((name, values) -> copy.merge(name, List.copyOf(values), Headers::concat));
    fields = Collections.unmodifiableMap(copy);
  }

  Optional<String> firstValue(String name) {
    return allValues(name).stream().findFirst();
  }

  List<String> allValues(String name) {
    return fields.getOrDefault(name, List.of());
  }

  /** The first value as a number; empty when absent or not a number. */
  OptionalLong firstValueAsLong(String name) {
    Optional<String> value = firstValue(name);
    try {
      return value.isPresent()
          ? OptionalLong.of(Long.parseLong(value.get().strip()))
          : OptionalLong.empty();
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> both = new ArrayList<>(a);
    both.addAll(b);
    return List.copyOf(both);
  }
}
