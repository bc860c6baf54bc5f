package io.berth.api.server;

import io.berth.api.ApiException;
import io.berth.api.Problem;
import io.berth.api.StreamFrame;
import io.berth.spec.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Fields;

/** One request and its response, as a route sees them: parameters, body, and ways to answer. */
final class Exchange {
  private final Request request;
  private final Response response;
  private final ServerOptions options;
  private Principal principal;
  private Map<String, String> params = Map.of();
  private Query query = Query.of(Map.of());
  private boolean bodyRead;

  Exchange(Request request, Response response, ServerOptions options) {
    this.request = request;
    this.response = response;
    this.options = options;
  }

  String method() {
    return request.getMethod();
  }

  /** The path as sent (still percent-encoded): the problem document's instance. */
  String path() {
    return request.getHttpURI().getPath();
  }

  /** The path's segments, each percent-decoded on its own, so {@code %2F} stays inside one. */
  List<String> segments() {
    String path = path();
    List<String> segments = new ArrayList<>();
    for (String raw : path.substring(path.startsWith("/") ? 1 : 0).split("/", -1)) {
      segments.add(decode(raw));
    }
    return segments;
  }

  /** Binds the request to its route: who sent it, the path parameters, the query it may have. */
  void bind(Principal principal, Map<String, String> params, Set<String> allowedQuery) {
    this.principal = principal;
    this.params = Map.copyOf(params);
    Fields fields = Request.extractQueryParameters(request);
    Map<String, List<String>> values = new HashMap<>();
    for (Fields.Field field : fields) {
      boolean repeatable = allowedQuery.contains(field.getName() + "*");
      if (!repeatable && !allowedQuery.contains(field.getName())) {
        throw ApiException.badRequest(
            "unknown query parameter '%s'%s"
                .formatted(
                    field.getName(),
                    allowedQuery.isEmpty()
                        ? "; this route takes none"
                        : "; this route takes "
                            + String.join(
                                ", ",
                                allowedQuery.stream()
                                    .map(n -> n.replace("*", ""))
                                    .sorted()
                                    .toList())));
      }
      if (!repeatable && field.getValues().size() > 1) {
        throw ApiException.badRequest(
            "query parameter '%s' is given twice".formatted(field.getName()));
      }
      values.put(field.getName(), List.copyOf(field.getValues()));
    }
    this.query = new Query(values);
  }

  /** The peer's address: for rate limits and logs. */
  java.net.SocketAddress remote() {
    return request.getConnectionMetaData().getRemoteSocketAddress();
  }

  Principal principal() {
    return principal;
  }

  String param(String name) {
    String value = params.get(name);
    if (value == null) {
      throw new IllegalStateException("no path parameter " + name);
    }
    return value;
  }

  Query query() {
    return query;
  }

  /** A request header, or null. */
  String header(String name) {
    return request.getHeaders().get(name);
  }

  <T> T body(Class<T> type) throws IOException {
    return JsonBody.read(rawBody(), type);
  }

  /**
   * The create request: a JSON body, or BoatLoad's {@code multipart/form-data} upload of the
   * request with its script and data archive ({@link CreateUpload}).
   */
  io.berth.api.CreateContainer createRequest() throws IOException {
    String type = header("Content-Type");
    if (!CreateUpload.is(type)) {
      return body(io.berth.api.CreateContainer.class);
    }
    io.berth.api.CreateContainer created = CreateUpload.read(request, type, options.maxBodyBytes());
    bodyRead = true;
    return created;
  }

  /** The body as it came, up to the server's body limit. */
  byte[] rawBody() throws IOException {
    byte[] body = JsonBody.bytes(request, options.maxBodyBytes());
    bodyRead = true;
    return body;
  }

  /**
   * The response itself, for a route that writes a body of its own framing (server-sent events).
   */
  Response response() {
    return response;
  }

  ServerOptions options() {
    return options;
  }

  void json(Object value) throws IOException {
    write(200, "application/json", Json.lenient().writeValueAsBytes(value));
  }

  void text(String text) throws IOException {
    write(200, "text/plain;charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
  }

  /** Answers 200 with a body of one's own media type. */
  void body(String contentType, byte[] body) throws IOException {
    write(200, contentType, body);
  }

  /**
   * Answers 200 with a body written as it is made, of unknown length. Whatever {@code body} throws
   * before it writes a byte is still a problem document.
   */
  void write(String contentType, BodyWriter body) throws Exception {
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    java.io.OutputStream out = Content.Sink.asOutputStream(response);
    body.write(out);
    // Closed only when complete: a body that failed half-way must not end like a whole one (the
    // connection is aborted instead, and the client sees it cut short).
    out.close();
  }

  /** The work of a body written as it is made. */
  @FunctionalInterface
  interface BodyWriter {
    void write(java.io.OutputStream out) throws Exception;
  }

  void noContent() throws IOException {
    response.setStatus(204);
    Content.Sink.write(response, true, ByteBuffer.allocate(0));
  }

  /** How much of an unread body a refusal reads through, to keep the connection usable. */
  private static final long DRAIN_LIMIT = 8L << 20;

  /**
   * Reads what is left of the body and drops it, up to {@link #DRAIN_LIMIT}: a refusal (401, 413, a
   * bad path) answered while the client still sends would otherwise close the connection under it,
   * and a client writing its body then finds the connection reset instead of the answer.
   *
   * @return whether the body was read to its end
   */
  private boolean drainBody() {
    if (request.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH) > DRAIN_LIMIT) {
      return false; // and a client waiting for 100-continue is not asked to send it
    }
    try (java.io.InputStream in = Content.Source.asInputStream(request)) {
      byte[] buffer = new byte[64 << 10];
      long total = 0;
      for (int n; (n = in.read(buffer)) != -1; ) {
        total += n;
        if (total > DRAIN_LIMIT) {
          return false;
        }
      }
      bodyRead = true;
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Whether the request says it has a body: a positive length, or chunks. */
  private boolean declaresBody() {
    return request.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH) > 0
        || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
  }

  void problem(Problem problem, HttpField... headers) throws IOException {
    for (HttpField header : headers) {
      response.getHeaders().put(header);
    }
    if (!bodyRead && declaresBody() && !drainBody()) {
      // Refused before its body was read, and the body is too large to read through: this
      // connection cannot carry another request. Saying so lets the client open a new one
      // instead of sending its next request down a connection about to close.
      response.getHeaders().put(HttpHeader.CONNECTION, "close");
    }
    write(problem.status(), Problem.MEDIA_TYPE, Json.lenient().writeValueAsBytes(problem));
  }

  /**
   * Answers with a stream: what {@code work} reports through the stream as it goes, then what it
   * returns as the result frame (or the problem it threw).
   */
  void stream(StreamWork work) throws Exception {
    NdjsonStream stream = new NdjsonStream(response, options.heartbeat());
    StreamFrame last;
    try {
      last = StreamFrame.result(Json.lenient().valueToTree(work.run(stream)));
    } catch (Exception failure) {
      if (!stream.finish() && stream.gone() == null) {
        throw failure; // nothing sent yet: the answer is a plain problem document
      }
      last = StreamFrame.problem(Problems.of(failure, path()));
    } finally {
      stream.finish();
    }
    if (stream.gone() != null) {
      throw new ClientGoneException(stream.gone());
    }
    stream.end(last);
  }

  private void write(int status, String contentType, byte[] body) throws IOException {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    Content.Sink.write(response, true, ByteBuffer.wrap(body));
  }

  private static String decode(String segment) {
    if (segment.indexOf('%') < 0) {
      return segment;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c != '%') {
        bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
        continue;
      }
      if (i + 2 >= segment.length()
          || !HexFormat.isHexDigit(segment.charAt(i + 1))
          || !HexFormat.isHexDigit(segment.charAt(i + 2))) {
        throw ApiException.badRequest("the path has a malformed percent-encoding: " + segment);
      }
      bytes.write(HexFormat.fromHexDigits(segment, i + 1, i + 3));
      i += 2;
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw ApiException.badRequest("the path is not UTF-8 once decoded: " + segment);
    }
  }

  /** The work of a streamed response. */
  @FunctionalInterface
  interface StreamWork {
    Object run(NdjsonStream stream) throws Exception;
  }
}
