package io.berth.api.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.api.ApiException;
import io.berth.api.CreateContainer;
import io.berth.spec.Json;
import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.Set;
import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.http.MultiPartConfig;
import org.eclipse.jetty.http.MultiPartFormData;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/**
 * {@code POST /v1/containers} as {@code multipart/form-data}, BoatLoad's upload: a {@code
 * container} part holds the create request as JSON, and a {@code script} part and a {@code data}
 * part hold the files themselves, as {@code curl -F script=@run.sh -F data=@site.tar.gz} sends
 * them. Each upload becomes the {@code content} of its field, so an upload is checked exactly as
 * the same file given inline: one path for both.
 *
 * <p>The script's name is the one the {@code container} part gives, else the upload's file name
 * when that is a plain name, else {@code script}; the archive's place is the {@code container}
 * part's {@code data.path}, which an upload needs.
 */
final class CreateUpload {
  /** A data archive uploaded: as large as one fetched from a URL may be. */
  static final long MAX_DATA_BYTES = 64L << 20;

  static final long MAX_SCRIPT_BYTES = 1L << 20;
  private static final Set<String> PARTS = Set.of("container", "script", "data");

  private CreateUpload() {}

  static boolean is(String contentType) {
    return contentType != null && contentType.regionMatches(true, 0, "multipart/form-data", 0, 19);
  }

  /** Reads the parts, each within its limit, and returns the request they make together. */
  static CreateContainer read(Request request, String contentType, long maxJsonBytes)
      throws IOException {
    if (MultiPart.extractBoundary(contentType) == null) {
      throw ApiException.badRequest(
          "the multipart/form-data body needs a boundary in its Content-Type");
    }
    long max = maxJsonBytes + MAX_SCRIPT_BYTES + MAX_DATA_BYTES;
    if (request.getLength() > max) {
      // before reading any of it: a client that waits for 100-continue sends none of it
      throw new ApiException(
          ApiException.Kind.TOO_LARGE,
          "the upload is %d bytes; the limit is %d bytes (%d for the data archive, %d for the script)"
              .formatted(request.getLength(), max, MAX_DATA_BYTES, MAX_SCRIPT_BYTES));
    }
    MultiPartConfig config =
        new MultiPartConfig.Builder()
            .maxParts(PARTS.size())
            .maxSize(max)
            .maxPartSize(MAX_DATA_BYTES)
            .maxMemoryPartSize(MAX_DATA_BYTES) // kept in memory: no temporary files to leak
            .useFilesForPartsWithoutFileName(false)
            .build();
    MultiPartFormData.Parts parts;
    try {
      parts = MultiPartFormData.getParts(request, request, contentType, config);
    } catch (RuntimeException e) {
      throw unreadable(e, max);
    }
    try (parts) {
      for (MultiPart.Part part : parts) {
        if (part.getName() == null || !PARTS.contains(part.getName())) {
          throw ApiException.badRequest(
              "unknown part '%s' in the upload; the parts are container (the request as JSON),"
                      .formatted(part.getName())
                  + " script and data");
        }
        if (parts.getAll(part.getName()).size() > 1) {
          throw ApiException.badRequest(
              "the upload has part '%s' more than once".formatted(part.getName()));
        }
      }
      MultiPart.Part container = parts.getFirst("container");
      if (container == null) {
        throw ApiException.badRequest(
            "the upload needs a 'container' part: the create request as JSON, such as"
                + " {\"image\":\"busybox\",\"start\":true}");
      }
      byte[] json = bytes(container, "container", maxJsonBytes);
      ObjectNode object = JsonBody.read(json, ObjectNode.class);
      MultiPart.Part script = parts.getFirst("script");
      if (script != null) {
        ObjectNode field = field(object, "script");
        if (!field.has("name") && plainName(script.getFileName())) {
          field.put("name", script.getFileName());
        }
        field.put("content", base64(bytes(script, "script", MAX_SCRIPT_BYTES)));
      }
      MultiPart.Part data = parts.getFirst("data");
      if (data != null) {
        ObjectNode field = field(object, "data");
        if (!field.has("path")) {
          throw ApiException.badRequest(
              "an uploaded data archive needs 'data.path' in the container part: the directory"
                  + " of the container it is unpacked into, such as {\"data\":{\"path\":\"/srv\"}}");
        }
        field.put("content", base64(bytes(data, "data", MAX_DATA_BYTES)));
      }
      return JsonBody.read(Json.lenient().writeValueAsBytes(object), CreateContainer.class);
    }
  }

  /** The object the upload completes; given there already with content or a URL is a conflict. */
  private static ObjectNode field(ObjectNode request, String name) {
    JsonNode given = request.get(name);
    if (given == null || given.isNull()) {
      return request.putObject(name);
    }
    if (!(given instanceof ObjectNode object)) {
      throw ApiException.badRequest("'%s' in the container part must be an object".formatted(name));
    }
    if (object.has("content") || object.has("url")) {
      throw ApiException.badRequest(
          "the %s is uploaded and also given in the container part (its content or url): give it one way"
              .formatted(name));
    }
    return object;
  }

  private static byte[] bytes(MultiPart.Part part, String name, long max) throws IOException {
    if (part.getLength() > max) {
      throw new ApiException(
          ApiException.Kind.TOO_LARGE,
          "the '%s' part is %d bytes; the limit is %d bytes"
              .formatted(name, part.getLength(), max));
    }
    try (InputStream in = Content.Source.asInputStream(part.createContentSource())) {
      return in.readAllBytes();
    }
  }

  private static boolean plainName(String fileName) {
    return fileName != null && fileName.matches("[A-Za-z0-9_][A-Za-z0-9._-]{0,99}");
  }

  private static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  private static ApiException unreadable(Throwable cause, long max) {
    String message = String.valueOf(cause == null ? null : cause.getMessage());
    if (message.contains("max") && (message.contains("size") || message.contains("length"))) {
      return new ApiException(
          ApiException.Kind.TOO_LARGE,
          "the upload is too large (%s); the limits are %d bytes for the data archive, %d for the"
                  .formatted(message, MAX_DATA_BYTES, MAX_SCRIPT_BYTES)
              + " script, %d in all".formatted(max));
    }
    if (message.contains("max") && message.contains("parts")) {
      return ApiException.badRequest(
          "the upload has too many parts; the parts are container, script and data");
    }
    return ApiException.badRequest("the multipart/form-data body is not readable: " + message);
  }
}
