package io.berth.api.server;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.berth.api.ApiException;
import java.io.IOException;
import java.time.temporal.Temporal;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What Jackson says about a bad body, said for a user: the field by its path ({@code
 * mounts[0].readOnly}), where it is (line and column), and what was expected.
 */
final class JsonErrors {
  private JsonErrors() {}

  static ApiException malformed(StreamReadException e) {
    return ApiException.badRequest(
        "malformed JSON%s: %s".formatted(where(e.getLocation()), e.getOriginalMessage()));
  }

  // A record reads all its fields before it complains, so Jackson's location is past the object
  // by then: the field's name is looked up in the document instead.
  static ApiException unknownField(
      UnrecognizedPropertyException e, byte[] json, ObjectMapper mapper) {
    String known =
        e.getKnownPropertyIds() == null
            ? ""
            : "; known fields: "
                + e.getKnownPropertyIds().stream()
                    .map(String::valueOf)
                    .sorted()
                    .collect(Collectors.joining(", "));
    return ApiException.badRequest(
        "unknown field '%s'%s%s"
            .formatted(path(e), where(locate(json, e.getPath(), mapper)), known));
  }

  static ApiException mismatch(MismatchedInputException e, Class<?> type) {
    String field = path(e);
    return ApiException.badRequest(
        "%s%s: expected %s"
            .formatted(
                field.isEmpty() ? "the request body" : "field '" + field + "'",
                where(e.getLocation()),
                field.isEmpty() ? "a JSON object: " + article(type) : expected(e.getTargetType())));
  }

  static ApiException invalid(JsonMappingException e, Class<?> type) {
    Throwable cause = e.getCause() == null ? e : e.getCause();
    String message =
        cause instanceof JsonMappingException mapping
            ? mapping.getOriginalMessage()
            : cause.getMessage();
    return ApiException.badRequest(
        "invalid %s%s: %s".formatted(type.getSimpleName(), where(e.getLocation()), message));
  }

  static String where(JsonLocation location) {
    if (location == null || location.getLineNr() < 1) {
      return "";
    }
    return " at line %d, column %d".formatted(location.getLineNr(), location.getColumnNr());
  }

  static String article(Class<?> type) {
    String name = type.getSimpleName();
    return ("AEIOU".indexOf(name.charAt(0)) >= 0 ? "an " : "a ") + name;
  }

  private static String path(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  /** Where the last field of {@code path} is named in {@code json}; null if it is not there. */
  private static JsonLocation locate(
      byte[] json, List<JsonMappingException.Reference> path, ObjectMapper mapper) {
    try (JsonParser parser = mapper.createParser(json)) {
      JsonToken token = parser.nextToken();
      JsonLocation location = null;
      for (JsonMappingException.Reference step : path) {
        if (step.getFieldName() != null && token == JsonToken.START_OBJECT) {
          while ((token = parser.nextToken()) == JsonToken.FIELD_NAME
              && !parser.currentName().equals(step.getFieldName())) {
            parser.nextToken();
            parser.skipChildren();
          }
          if (token != JsonToken.FIELD_NAME) {
            return null;
          }
          location = parser.currentTokenLocation();
        } else if (step.getIndex() >= 0 && token == JsonToken.START_ARRAY) {
          for (int i = 0; i < step.getIndex(); i++) {
            parser.nextToken();
            parser.skipChildren();
          }
        } else {
          return null;
        }
        token = parser.nextToken();
      }
      return location;
    } catch (IOException e) {
      return null;
    }
  }

  private static String expected(Class<?> type) {
    if (type == null) {
      return "another type";
    }
    if (type == String.class || type == Character.class || type == char.class) {
      return "a string";
    }
    if (type == boolean.class || type == Boolean.class) {
      return "true or false";
    }
    if (type.isPrimitive() || Number.class.isAssignableFrom(type)) {
      return "a number";
    }
    if (type.isEnum()) {
      return "one of "
          + Arrays.stream(type.getEnumConstants())
              .map(String::valueOf)
              .collect(Collectors.joining(", "));
    }
    if (Temporal.class.isAssignableFrom(type)) {
      return "an RFC 3339 time";
    }
    if (type.isArray() || Collection.class.isAssignableFrom(type)) {
      return "an array";
    }
    if (type == JsonNode.class) {
      return "a JSON value";
    }
    return Map.class.isAssignableFrom(type) ? "an object" : "an object (" + article(type) + ")";
  }
}
