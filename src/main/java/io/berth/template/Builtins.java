package io.berth.template;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** The functions every template has. See docs/templates.md. */
final class Builtins {
  private static final Map<String, Function> ALL = collect();

  private Builtins() {}

  static Map<String, Function> all() {
    return ALL;
  }

  private static Map<String, Function> collect() {
    Map<String, Function> all = new TreeMap<>();
    Stream.of(LogicFunctions.all(), TextFunctions.all(), DataFunctions.all())
        .flatMap(java.util.List::stream)
        .forEach(f -> all.put(f.name(), f));
    return Map.copyOf(all);
  }
}
