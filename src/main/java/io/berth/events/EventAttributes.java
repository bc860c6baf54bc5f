package io.berth.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.berth.spec.Json;
import java.util.Map;

/** Event attributes as stored: a flat JSON object of strings. */
final class EventAttributes {
  private static final TypeReference<Map<String, String>> TYPE = new TypeReference<>() {};

  private EventAttributes() {}

  static String encode(Map<String, String> attributes) {
    try {
      return Json.lenient().writeValueAsString(attributes);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of strings always serialises", e);
    }
  }

  static Map<String, String> decode(String json) {
    try {
      return Json.lenient().readValue(json, TYPE);
    } catch (JsonProcessingException e) {
      return Map.of("undecodable", json);
    }
  }
}
