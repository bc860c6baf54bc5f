package io.berth.api.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A record with every component set to a value that is not its default, found by reflection, so a
 * round trip through a hand-written codec covers a component added later without the test naming
 * it.
 */
final class Samples {
  private Samples() {}

  static <T extends Record> T of(Class<T> type) {
    return type.cast(value(type, type.getSimpleName()));
  }

  /** As {@link #of(Class)}, with the components named in {@code unset} left null. */
  static <T extends Record> T of(Class<T> type, java.util.Set<String> unset) {
    RecordComponent[] components = type.getRecordComponents();
    Object[] values = new Object[components.length];
    Class<?>[] types = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) {
      types[i] = components[i].getType();
      values[i] =
          unset.contains(components[i].getName())
              ? null
              : value(components[i].getGenericType(), components[i].getName());
    }
    try {
      return type.getDeclaredConstructor(types).newInstance(values);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Object value(Type type, String name) {
    if (type instanceof ParameterizedType p) {
      Type raw = p.getRawType();
      Type[] args = p.getActualTypeArguments();
      if (raw == List.class) {
        return List.of(value(args[0], name + "0"), value(args[0], name + "1"));
      }
      if (raw == Map.class) {
        Map<Object, Object> map = new LinkedHashMap<>();
        map.put(name + "-a", value(args[1], name + "a"));
        map.put(name + "-b", value(args[1], name + "b"));
        return map;
      }
      throw new IllegalArgumentException("no sample for " + type);
    }
    Class<?> c = (Class<?>) type;
    if (c == String.class) {
      return name + " \"quoted\" é";
    } else if (c == boolean.class || c == Boolean.class) {
      return true;
    } else if (c == int.class || c == Integer.class) {
      return 1000 + name.length();
    } else if (c == long.class || c == Long.class) {
      return 5_000_000_000L + name.length();
    } else if (c == double.class || c == Double.class) {
      return 1.5;
    } else if (c == Instant.class) {
      return Instant.parse("2025-06-01T12:00:00.123456789Z").plusSeconds(name.length());
    } else if (c.isEnum()) {
      Object[] constants = c.getEnumConstants();
      return constants[constants.length - 1];
    } else if (c == JsonNode.class) {
      return TextNode.valueOf(name);
    } else if (c.isRecord()) {
      RecordComponent[] components = c.getRecordComponents();
      Object[] values = new Object[components.length];
      Class<?>[] types = new Class<?>[components.length];
      for (int i = 0; i < components.length; i++) {
        values[i] = value(components[i].getGenericType(), components[i].getName());
        types[i] = components[i].getType();
      }
      try {
        return c.getDeclaredConstructor(types).newInstance(values);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }
    throw new IllegalArgumentException("no sample for " + type);
  }
}
