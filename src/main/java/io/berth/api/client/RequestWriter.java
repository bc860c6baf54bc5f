package io.berth.api.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.berth.api.CreateContainer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link CreateContainer} with jackson-core's streaming generator, as databind would (the
 * record's field names, nulls left out), so that running a container does not start databind in a
 * short-lived CLI (see {@link FrameParser}). {@code RequestWriterTest} holds it to databind's
 * output for every component.
 */
final class RequestWriter {
  private static final JsonFactory JSON = new JsonFactory();

  private RequestWriter() {}

  /** Initialises the class (jackson-core's factory) ahead of its first use. */
  static void prepare() {}

  static byte[] createContainer(CreateContainer r) throws IOException {
    if (r.script() != null || r.data() != null) {
      // BoatLoad's extras are not on the run path that this writer keeps fast: databind writes them
      return io.berth.spec.Json.lenient().writeValueAsBytes(r);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
    try (JsonGenerator json = JSON.createGenerator(bytes)) {
      json.writeStartObject();
      string(json, "image", r.image());
      string(json, "name", r.name());
      strings(json, "entrypoint", r.entrypoint());
      strings(json, "command", r.command());
      json.writeObjectFieldStart("env");
      for (Map.Entry<String, JsonNode> e : r.env().entrySet()) {
        JsonNode value = e.getValue();
        json.writeFieldName(e.getKey());
        if (value == null || value.isNull()) {
          json.writeNull();
        } else if (value.isTextual()) {
          json.writeString(value.textValue());
        } else {
          json.writeRawValue(value.toString()); // an object, list, number: JSON already
        }
      }
      json.writeEndObject();
      json.writeArrayFieldStart("mounts");
      for (CreateContainer.Mount m : r.mounts()) {
        json.writeStartObject();
        string(json, "type", m.type());
        string(json, "source", m.source());
        string(json, "target", m.target());
        json.writeBooleanField("readOnly", m.readOnly());
        string(json, "options", m.options());
        json.writeEndObject();
      }
      json.writeEndArray();
      string(json, "user", r.user());
      strings(json, "capAdd", r.capAdd());
      strings(json, "capDrop", r.capDrop());
      json.writeBooleanField("writable", r.writable());
      string(json, "hostname", r.hostname());
      string(json, "workdir", r.workdir());
      json.writeBooleanField("init", r.init());
      json.writeNumberField("memory", r.memory());
      json.writeNumberField("cpus", r.cpus());
      json.writeNumberField("pidsLimit", r.pidsLimit());
      string(json, "network", r.network());
      json.writeBooleanField("autoRemove", r.autoRemove());
      json.writeBooleanField("start", r.start());
      string(json, "platform", r.platform());
      if (r.tlsVerify() != null) {
        json.writeBooleanField("tlsVerify", r.tlsVerify());
      }
      string(json, "restart", r.restart());
      json.writeObjectFieldStart("labels");
      for (Map.Entry<String, String> e : r.labels().entrySet()) {
        json.writeStringField(e.getKey(), e.getValue());
      }
      json.writeEndObject();
      json.writeEndObject();
    }
    return bytes.toByteArray();
  }

  private static void string(JsonGenerator json, String name, String value) throws IOException {
    if (value != null) {
      json.writeStringField(name, value);
    }
  }

  private static void strings(JsonGenerator json, String name, List<String> values)
      throws IOException {
    if (values != null) {
      json.writeArrayFieldStart(name);
      for (String value : values) {
        json.writeString(value);
      }
      json.writeEndArray();
    }
  }
}
