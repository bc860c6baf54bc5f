package io.berth.api.server;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import io.berth.api.ApiException;
import io.berth.api.Berth;
import io.berth.api.Kv;
import io.berth.spec.Json;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * {@code /v1/kv/{path...}}: the configuration store. A GET reads a key, lists a directory (a path
 * ending with '/'), dumps a tree ({@code ?recurse}, or {@code ?format=dconf}) or streams changes
 * ({@code ?watch&since=REV}); PUT writes a key, DELETE removes a key or a tree, POST loads a dconf
 * dump.
 */
final class KvRoutes implements Resource {
  private static final String DCONF = "dconf";
  private static final String JSON = "json";
  private static final String DCONF_MEDIA_TYPE = "text/plain;charset=utf-8";

  private final Berth berth;

  KvRoutes(Berth berth) {
    this.berth = berth;
  }

  private Kv kv() {
    return berth.kv();
  }

  @Override
  public void addTo(Routes routes) {
    routes
        .add("GET /v1/kv/{path...}?recurse&reveal&watch&since&format", this::get)
        .add("PUT /v1/kv/{path...}?cas&secret", this::put)
        .add("DELETE /v1/kv/{path...}?recurse&cas", this::delete)
        .add("POST /v1/kv/{path...}?format", this::load);
  }

  private void get(Exchange ex) throws Exception {
    String path = path(ex);
    Query query = ex.query();
    boolean reveal = query.flag("reveal");
    if (reveal && !ex.principal().mayRevealSecrets()) {
      throw new ApiException(
          ApiException.Kind.FORBIDDEN,
          ("%s may not reveal secrets of the configuration store: that takes the admin role or a"
                  + " token made with --kv-secrets")
              .formatted(ex.principal().name()));
    }
    if (query.flag("watch")) {
      long since = revision(query.string("since"), "since");
      ex.stream(
          stream -> {
            kv().watch(
                    path,
                    since,
                    event -> {
                      stream.event(event);
                      return true;
                    });
            return Map.of("path", path);
          });
      return;
    }
    if (query.string("since") != null) {
      throw ApiException.badRequest("'since' goes with 'watch': add ?watch to stream changes");
    }
    String format = format(query.string("format"));
    if (format.equals(DCONF)) {
      ex.body(DCONF_MEDIA_TYPE, kv().dumpDconf(path, reveal).getBytes(StandardCharsets.UTF_8));
    } else if (query.flag("recurse")) {
      ex.json(kv().tree(path, reveal));
    } else if (path.endsWith("/")) {
      ex.json(kv().list(path));
    } else {
      ex.json(kv().get(path, reveal));
    }
  }

  private void put(Exchange ex) throws Exception {
    String path = path(ex);
    byte[] body = ex.rawBody();
    JsonNode value;
    try {
      value = body.length == 0 ? null : Json.strict().readTree(body);
    } catch (JacksonException e) {
      throw ApiException.badRequest(
          "the body of a PUT is the key's value as JSON (a string is quoted: \"text\"): "
              + e.getOriginalMessage());
    }
    if (value == null || value.isMissingNode()) {
      throw ApiException.badRequest(
          "the body of a PUT is the key's value as JSON, such as 5432, \"text\" or {\"a\": 1}");
    }
    Long cas = optionalRevision(ex.query().string("cas"), "cas");
    ex.json(kv().put(path, value, ex.query().flag("secret"), cas));
  }

  private void delete(Exchange ex) throws Exception {
    String path = path(ex);
    Long cas = optionalRevision(ex.query().string("cas"), "cas");
    if (ex.query().flag("recurse")) {
      if (cas != null) {
        throw ApiException.badRequest("a tree is deleted as a whole: 'cas' goes with one key");
      }
      ex.json(kv().deleteTree(path));
    } else {
      ex.json(kv().delete(path, cas));
    }
  }

  private void load(Exchange ex) throws Exception {
    String path = path(ex);
    if (!DCONF.equals(ex.query().string("format"))) {
      throw ApiException.badRequest(
          "POST loads a dconf dump: add ?format=dconf and send the text as the body");
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(java.nio.ByteBuffer.wrap(ex.rawBody()))
              .toString();
    } catch (CharacterCodingException e) {
      throw ApiException.badRequest("a dconf dump is UTF-8 text; the body is not");
    }
    ex.json(kv().loadDconf(path, text));
  }

  private static String path(Exchange ex) {
    return "/" + ex.param("path");
  }

  private static String format(String format) {
    if (format == null || format.equals(JSON)) {
      return JSON;
    }
    if (format.equals(DCONF)) {
      return DCONF;
    }
    throw ApiException.badRequest("format is json or dconf, not '%s'".formatted(format));
  }

  private static long revision(String text, String name) {
    Long revision = optionalRevision(text, name);
    return revision == null ? 0 : revision;
  }

  private static Long optionalRevision(String text, String name) {
    if (text == null) {
      return null;
    }
    try {
      long revision = Long.parseLong(text);
      if (revision >= 0) {
        return revision;
      }
    } catch (NumberFormatException e) {
      // described below
    }
    throw ApiException.badRequest(
        "query parameter '%s' must be a revision (0 or more), not '%s'".formatted(name, text));
  }
}
