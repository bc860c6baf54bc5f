package io.berth.api.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.api.AgentEvent;
import io.berth.api.Problem;
import io.berth.api.StreamFrame;
import java.util.List;
import java.util.Map;

/**
 * The OpenAPI 3.1 document of the API, made of the route table (methods, paths, path and query
 * parameters) and {@link ApiDescription} (summaries, bodies, answers). A route written {@code
 * {path...}} is the OpenAPI path parameter {@code {path}}, whose value may hold slashes.
 */
final class OpenApiDocument {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private OpenApiDocument() {}

  static ObjectNode of(Routes routes, String version) {
    JsonSchemas schemas = new JsonSchemas();
    schemas.define("Problem", problemSchema());
    ObjectNode document = NODES.objectNode();
    document.put("openapi", "3.1.0");
    ObjectNode info = document.putObject("info");
    info.put("title", "berth API");
    info.put("version", version);
    info.put(
        "description",
        "The berth agent's API: on its Unix socket for local root, and on TCP for authenticated"
            + " clients. Errors are RFC 9457 problem documents (application/problem+json).");
    ObjectNode paths = document.putObject("paths");
    for (Routes.Route route : routes.all()) {
      String path = path(route.pattern().text());
      String key = route.method() + " " + path;
      ApiDescription.Operation description = ApiDescription.of(key);
      if (description == null) {
        throw new IllegalStateException(
            "the route " + key + " has no description in ApiDescription: add one");
      }
      ObjectNode item = paths.has(path) ? (ObjectNode) paths.get(path) : paths.putObject(path);
      item.set(
          route.method().toLowerCase(java.util.Locale.ROOT),
          operation(route, description, schemas));
    }
    document.putObject("components").set("schemas", schemas.components());
    return document;
  }

  /** The OpenAPI spelling of a route's path: {@code {path...}} becomes {@code {path}}. */
  static String path(String pattern) {
    return pattern.replace("...}", "}");
  }

  private static ObjectNode operation(
      Routes.Route route, ApiDescription.Operation description, JsonSchemas schemas) {
    ObjectNode operation = NODES.objectNode();
    operation.put("summary", description.summary());
    if (description.description() != null) {
      operation.put("description", description.description());
    }
    operation.put("operationId", operationId(route));
    ArrayNode parameters = operation.putArray("parameters");
    for (String segment : route.pattern().segments()) {
      if (segment.startsWith("{")) {
        String name = segment.substring(1, segment.length() - 1).replace("...", "");
        ObjectNode parameter = parameters.addObject();
        parameter.put("name", name).put("in", "path").put("required", true);
        parameter.putObject("schema").put("type", "string");
      }
    }
    for (Map.Entry<String, Boolean> query : route.parameters().entrySet()) {
      ObjectNode parameter = parameters.addObject();
      parameter.put("name", query.getKey()).put("in", "query");
      ObjectNode schema = NODES.objectNode();
      String name = query.getKey();
      schema.put(
          "type",
          ApiDescription.FLAGS.contains(name)
              ? "boolean"
              : ApiDescription.INTEGERS.contains(name) ? "integer" : "string");
      if (query.getValue()) {
        parameter.putObject("schema").put("type", "array").set("items", schema);
        parameter.put("explode", true);
      } else {
        parameter.set("schema", schema);
      }
    }
    if (description.body() != null) {
      ObjectNode body = operation.putObject("requestBody").put("required", true);
      ObjectNode content = body.putObject("content");
      content.putObject("application/json").set("schema", schemas.of(description.body()));
      List<String> uploads =
          ApiDescription.UPLOADS.get(route.method() + " " + path(route.pattern().text()));
      if (uploads != null) {
        ObjectNode form = content.putObject("multipart/form-data");
        ObjectNode schema = form.putObject("schema").put("type", "object");
        schema.putArray("required").add("container");
        ObjectNode properties = schema.putObject("properties");
        properties.set("container", schemas.of(description.body()));
        for (String upload : uploads) {
          properties.putObject(upload).put("type", "string").put("format", "binary");
        }
        form.putObject("encoding").putObject("container").put("contentType", "application/json");
      }
    }
    ObjectNode responses = operation.putObject("responses");
    answer(description.answer(), responses, schemas);
    ObjectNode problem = responses.putObject("default");
    problem.put("description", "A problem: what went wrong, for a user to act on");
    problem
        .putObject("content")
        .putObject(Problem.MEDIA_TYPE)
        .putObject("schema")
        .put("$ref", "#/components/schemas/Problem");
    return operation;
  }

  private static void answer(
      ApiDescription.Answer answer, ObjectNode responses, JsonSchemas schemas) {
    switch (answer) {
      case ApiDescription.Answer.NoContent none ->
          responses.putObject("204").put("description", "Done");
      case ApiDescription.Answer.Json json -> {
        ObjectNode schema = schemas.of(json.type());
        if (json.list()) {
          schema = NODES.objectNode().put("type", "array").set("items", schema);
        }
        content(responses, "application/json", schema);
      }
      case ApiDescription.Answer.Stream stream -> {
        ObjectNode frame = schemas.of(StreamFrame.class);
        ObjectNode schema =
            NODES
                .objectNode()
                .put(
                    "description",
                    "One StreamFrame per line; the last holds the result (%s) or a problem"
                        .formatted(stream.result().getSimpleName()));
        schema.set("items", frame);
        schemas.of(stream.result());
        content(responses, StreamFrame.MEDIA_TYPE, schema.put("type", "array"));
      }
      case ApiDescription.Answer.Events events -> {
        ObjectNode schema = NODES.objectNode().put("type", "string");
        schema.put("description", "text/event-stream; each message's data is an AgentEvent");
        schemas.of(AgentEvent.class);
        content(responses, SseStream.MEDIA_TYPE, schema);
      }
      case ApiDescription.Answer.Body body ->
          content(responses, body.mediaType(), NODES.objectNode().put("type", "string"));
    }
  }

  private static void content(ObjectNode responses, String mediaType, ObjectNode schema) {
    ObjectNode ok = responses.putObject("200").put("description", "OK");
    ok.putObject("content").putObject(mediaType).set("schema", schema);
  }

  private static String operationId(Routes.Route route) {
    StringBuilder id = new StringBuilder(route.method().toLowerCase(java.util.Locale.ROOT));
    for (String segment : route.pattern().segments()) {
      String word = segment.replaceAll("[^A-Za-z0-9]", "");
      if (!word.isEmpty()) {
        id.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
      }
    }
    return id.toString();
  }

  /** RFC 9457, as {@link Problem} writes it. */
  private static ObjectNode problemSchema() {
    ObjectNode schema = NODES.objectNode().put("type", "object");
    schema.put("description", "RFC 9457 problem details, media type " + Problem.MEDIA_TYPE);
    ObjectNode properties = schema.putObject("properties");
    properties
        .putObject("type")
        .put("type", "string")
        .put("format", "uri")
        .put("description", Problem.TYPE_BASE + "<kind>: bad-request, not-found, conflict, ...");
    properties
        .putObject("title")
        .put("type", "string")
        .put("description", "the same for every problem of the type");
    properties.putObject("status").put("type", "integer").put("description", "the HTTP status");
    properties
        .putObject("detail")
        .put("type", "string")
        .put("description", "what went wrong, for a user to act on");
    properties.putObject("instance").put("type", "string").put("description", "the request path");
    schema.putArray("required").add("type").add("title").add("status").add("detail");
    return schema;
  }
}
