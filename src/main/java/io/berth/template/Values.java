package io.berth.template;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** What a template does with values: truth, printing, fields, lists, comparison. */
final class Values {
  /** How deep a printed value may nest, so that a map that holds itself cannot loop. */
  private static final int MAX_PRINT_DEPTH = 100;

  private Values() {}

  /** Go's truth: false, 0, nothing, and empty strings, lists and maps are false. */
  static boolean isTrue(Object v) {
    return switch (v) {
      case null -> false;
      case Missing m -> false;
      case Boolean b -> b;
      case String s -> !s.isEmpty();
      case Number n when Numbers.isIntegral(n) -> Numbers.toLong(n) != 0;
      case Number n -> n.doubleValue() != 0;
      case Collection<?> c -> !c.isEmpty();
      case Map<?, ?> m -> !m.isEmpty();
      case Object[] a -> a.length > 0;
      default -> true;
    };
  }

  /** The value as a list, for a {@code List}, another collection or an array; else null. */
  static List<?> asList(Object v) {
    return switch (v) {
      case List<?> l -> l;
      case Collection<?> c -> new ArrayList<>(c);
      case Object[] a -> Arrays.asList(a);
      case null, default -> null;
    };
  }

  /** A map's entries in key order, as Go ranges over and prints maps. */
  static List<Map.Entry<?, ?>> sortedEntries(Map<?, ?> map) {
    List<Map.Entry<?, ?>> entries = new ArrayList<>(map.entrySet());
    boolean numeric = entries.stream().allMatch(e -> e.getKey() instanceof Number);
    Comparator<Map.Entry<?, ?>> order =
        numeric
            ? Comparator.comparingDouble(e -> ((Number) e.getKey()).doubleValue())
            : Comparator.comparing(e -> String.valueOf(e.getKey()));
    entries.sort(order);
    return entries;
  }

  /**
   * Reads field {@code name} from a map (by key) or a record (by component).
   *
   * @return the value, or null when a map has no such key
   * @throws Problem for a value that has no fields
   */
  static Object field(Object receiver, String name) {
    if (receiver instanceof Map<?, ?> map) {
      Object v = map.get(name);
      if (v == null && !map.containsKey(name)) {
        return null;
      }
      return Numbers.normalize(v);
    }
    if (receiver instanceof Record record) {
      for (RecordComponent c : record.getClass().getRecordComponents()) {
        if (c.getName().equals(name)) {
          return Numbers.normalize(read(record, c));
        }
      }
      throw new Problem(
          "%s has no field \"%s\"; its fields are %s"
              .formatted(
                  typeName(record),
                  name,
                  String.join(
                      ", ",
                      Arrays.stream(record.getClass().getRecordComponents())
                          .map(RecordComponent::getName)
                          .toList())));
    }
    throw new Problem("cannot read field ." + name + " of " + describe(receiver));
  }

  /** Whether a map has the key; records always answer their fields. */
  static boolean hasField(Object receiver, String name) {
    return !(receiver instanceof Map<?, ?> map) || map.get(name) != null || map.containsKey(name);
  }

  private static Object read(Record record, RecordComponent component) {
    try {
      var accessor = component.getAccessor();
      accessor.trySetAccessible();
      return accessor.invoke(record);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new Problem(
          "cannot read field ." + component.getName() + " of " + typeName(record) + ": " + e);
    }
  }

  /** The value as a template prints it; stops with a {@link Problem} past {@code limit}. */
  static String print(Object v, int limit) {
    if (v instanceof String s) {
      if (s.length() > limit) {
        throw tooLong(limit);
      }
      return s;
    }
    StringBuilder out = new StringBuilder();
    print(v, out, limit, 0, false);
    return out.toString();
  }

  private static void print(Object v, StringBuilder out, int limit, int depth, boolean nested) {
    if (depth > MAX_PRINT_DEPTH) {
      throw new Problem("a value nested more than " + MAX_PRINT_DEPTH + " levels deep");
    }
    switch (v) {
      case null -> out.append(nested ? "<nil>" : "");
      case Missing m -> out.append(nested ? "<nil>" : "");
      case String s -> out.append(s);
      case Double d -> out.append(Numbers.format(d));
      case Float f -> out.append(Numbers.format(f));
      case Number n when Numbers.isIntegral(n) -> out.append(Numbers.toLong(n));
      case Number n -> out.append(Numbers.format(n.doubleValue()));
      case Map<?, ?> map -> {
        out.append("map[");
        boolean first = true;
        for (Map.Entry<?, ?> e : sortedEntries(map)) {
          if (!first) {
            out.append(' ');
          }
          first = false;
          print(e.getKey(), out, limit, depth + 1, true);
          out.append(':');
          print(e.getValue(), out, limit, depth + 1, true);
          check(out, limit);
        }
        out.append(']');
      }
      case Record r -> {
        out.append('{');
        RecordComponent[] components = r.getClass().getRecordComponents();
        for (int i = 0; i < components.length; i++) {
          if (i > 0) {
            out.append(' ');
          }
          print(read(r, components[i]), out, limit, depth + 1, true);
          check(out, limit);
        }
        out.append('}');
      }
      default -> {
        List<?> list = asList(v);
        if (list == null) {
          out.append(v);
        } else {
          out.append('[');
          for (int i = 0; i < list.size(); i++) {
            if (i > 0) {
              out.append(' ');
            }
            print(list.get(i), out, limit, depth + 1, true);
            check(out, limit);
          }
          out.append(']');
        }
      }
    }
    check(out, limit);
  }

  private static void check(StringBuilder out, int limit) {
    if (out.length() > limit) {
      throw tooLong(limit);
    }
  }

  static Problem tooLong(int limit) {
    return new Problem("the text would be longer than the limit of " + limit + " characters");
  }

  /** {@code string}, {@code number}, {@code list}, {@code record Backend}, ... for messages. */
  static String typeName(Object v) {
    return switch (v) {
      case null -> "nothing";
      case Missing m -> "nothing";
      case String s -> "string";
      case Boolean b -> "boolean";
      case Number n -> "number";
      case Map<?, ?> m -> "map";
      case Record r -> "record " + r.getClass().getSimpleName();
      default -> asList(v) != null ? "list" : v.getClass().getSimpleName();
    };
  }

  /** {@code the string "abc"}, {@code the number 5}, {@code a list of 3}, for messages. */
  static String describe(Object v) {
    return switch (v) {
      case null -> "nothing";
      case Missing m -> "nothing (" + m.text() + " is missing)";
      case String s ->
          "the string " + GoPrintf.quote(s.length() > 40 ? s.substring(0, 40) + "…" : s);
      case Boolean b -> b.toString();
      case Number n -> "the number " + print(n, 100);
      case Map<?, ?> m -> "a map of " + m.size();
      case Record r -> "a " + typeName(r);
      default -> {
        List<?> list = asList(v);
        yield list != null ? "a list of " + list.size() : "a " + v.getClass().getSimpleName();
      }
    };
  }

  /** Go's {@code eq} for two basic values: numbers by value, strings, booleans; nothing as "". */
  static boolean equal(Object a, Object b) {
    Object x = a == null ? "" : Numbers.normalize(a);
    Object y = b == null ? "" : Numbers.normalize(b);
    if (x instanceof Long i && y instanceof Long j) {
      return i.longValue() == j.longValue();
    }
    if (x instanceof Number i && y instanceof Number j) {
      return i.doubleValue() == j.doubleValue();
    }
    if ((x instanceof String && y instanceof String)
        || (x instanceof Boolean && y instanceof Boolean)) {
      return x.equals(y);
    }
    throw incomparable(x, y, "compare");
  }

  /** Go's {@code lt} and friends: numbers with numbers, strings with strings. */
  static int compare(Object a, Object b) {
    Object x = a == null ? "" : Numbers.normalize(a);
    Object y = b == null ? "" : Numbers.normalize(b);
    if (x instanceof Long i && y instanceof Long j) {
      return Long.compare(i, j);
    }
    if (x instanceof Number i && y instanceof Number j) {
      return Double.compare(i.doubleValue(), j.doubleValue());
    }
    if (x instanceof String s && y instanceof String t) {
      return s.compareTo(t);
    }
    throw incomparable(x, y, "order");
  }

  private static TemplateFunctionException incomparable(Object x, Object y, String verb) {
    String hint =
        (x instanceof String && y instanceof Number) || (x instanceof Number && y instanceof String)
            ? " (atoi turns a string of digits into a number)"
            : "";
    return new TemplateFunctionException(
        "cannot %s %s with %s%s".formatted(verb, describe(x), describe(y), hint));
  }
}
