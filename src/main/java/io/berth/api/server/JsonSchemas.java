package io.berth.api.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * JSON schemas of the API's records, read off their components as Jackson writes them: each record
 * once, under {@code components/schemas}, referred to by {@code $ref}. The records are the wire
 * format, so the schemas cannot drift from it.
 */
final class JsonSchemas {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final Map<String, ObjectNode> schemas = new TreeMap<>();

  /** The schema of {@code type}: a {@code $ref} for a record, inline for anything else. */
  ObjectNode of(Type type) {
    if (type instanceof ParameterizedType parameterized) {
      Class<?> raw = (Class<?>) parameterized.getRawType();
      Type[] arguments = parameterized.getActualTypeArguments();
      if (Collection.class.isAssignableFrom(raw)) {
        return NODES.objectNode().put("type", "array").set("items", of(arguments[0]));
      }
      if (Map.class.isAssignableFrom(raw)) {
        return NODES
            .objectNode()
            .put("type", "object")
            .set("additionalProperties", of(arguments[1]));
      }
      return of(raw);
    }
    Class<?> c = (Class<?>) type;
    if (c == String.class || c == Duration.class) {
      return simple("string");
    }
    if (c == Instant.class) {
      return simple("string").put("format", "date-time");
    }
    if (c == int.class || c == Integer.class || c == short.class) {
      return simple("integer").put("format", "int32");
    }
    if (c == long.class || c == Long.class) {
      return simple("integer").put("format", "int64");
    }
    if (c == double.class || c == Double.class || c == float.class) {
      return simple("number");
    }
    if (c == boolean.class || c == Boolean.class) {
      return simple("boolean");
    }
    if (c.isEnum()) {
      ObjectNode schema = simple("string");
      for (Object constant : c.getEnumConstants()) {
        schema.withArray("enum").add(((Enum<?>) constant).name());
      }
      return schema;
    }
    if (c.isRecord()) {
      return ref(c);
    }
    if (JsonNode.class.isAssignableFrom(c) || c == Object.class) {
      return NODES.objectNode().put("description", "any JSON value");
    }
    throw new IllegalArgumentException("no JSON schema for " + c.getName());
  }

  /** Every record schema referred to so far, by name. */
  ObjectNode components() {
    ObjectNode all = NODES.objectNode();
    schemas.forEach(all::set);
    return all;
  }

  /** Adds a schema of one's own (the problem document's, say). */
  void define(String name, ObjectNode schema) {
    schemas.put(name, schema);
  }

  private ObjectNode ref(Class<?> record) {
    String name = name(record);
    if (!schemas.containsKey(name)) {
      ObjectNode schema = simple("object");
      schemas.put(name, schema); // before the components: a record may refer to itself
      ObjectNode properties = schema.putObject("properties");
      for (RecordComponent component : record.getRecordComponents()) {
        properties.set(component.getName(), of(component.getGenericType()));
        if (component.getType().isPrimitive()) {
          schema.withArray("required").add(component.getName());
        }
      }
    }
    return NODES.objectNode().put("$ref", "#/components/schemas/" + name);
  }

  /**
   * {@code ContainerSummary}; a nested record with its outer one's name: {@code ImageDetailsLayer}.
   */
  private static String name(Class<?> c) {
    return c.getEnclosingClass() == null
        ? c.getSimpleName()
        : name(c.getEnclosingClass()) + c.getSimpleName();
  }

  private static ObjectNode simple(String type) {
    return NODES.objectNode().put("type", type);
  }
}
