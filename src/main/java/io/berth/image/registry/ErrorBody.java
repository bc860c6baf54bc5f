package io.berth.image.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.spec.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The errors a registry explains a failure with: {@code {"errors": [{"code": ..., "message":
 * ...}]}} (distribution spec, "Error Codes"). Bodies that are not such JSON give no errors; the
 * body itself is never quoted, as it could be anything.
 */
record ErrorBody(List<Entry> errors) {
  private static final int MAX_SHOWN = 3;
  private static final int MAX_TEXT = 200;

  record Entry(String code, String message) {}

  ErrorBody {
    errors = List.copyOf(errors);
  }

  static ErrorBody parse(byte[] body) {
    if (body == null || body.length == 0) {
      return new ErrorBody(List.of());
    }
    JsonNode tree;
    try {
      tree = Json.lenient().readTree(body);
    } catch (IOException e) {
      return new ErrorBody(List.of());
    }
    List<Entry> entries = new ArrayList<>();
    if (tree != null && tree.path("errors").isArray()) {
      for (JsonNode error : tree.path("errors")) {
        String code = clip(error.path("code").asText(""));
        String message = clip(error.path("message").asText(""));
        if (!code.isEmpty() || !message.isEmpty()) {
          entries.add(new Entry(code, message));
        }
      }
    }
    return new ErrorBody(entries);
  }

  boolean has(String code) {
    return errors.stream().anyMatch(e -> e.code().equalsIgnoreCase(code));
  }

  /** {@code " (registry says: NAME_UNKNOWN: repository name not known to registry)"}, or "". */
  String suffix() {
    if (errors.isEmpty()) {
      return "";
    }
    List<String> shown = new ArrayList<>();
    for (Entry e : errors.subList(0, Math.min(MAX_SHOWN, errors.size()))) {
      shown.add(
          e.code().isEmpty()
              ? e.message()
              : e.message().isEmpty() ? e.code() : e.code() + ": " + e.message());
    }
    String more = errors.size() > MAX_SHOWN ? "; ..." : "";
    return " (registry says: " + String.join("; ", shown) + more + ")";
  }

  private static String clip(String text) {
    String line = text.replaceAll("[\\r\\n\\t]+", " ").strip();
    return line.length() > MAX_TEXT ? line.substring(0, MAX_TEXT) + "..." : line;
  }
}
