package io.berth.api.client;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.type.TypeReference;
import io.berth.api.ApiException;
import io.berth.api.ApiException.Kind;
import io.berth.api.CreateContainer;
import io.berth.api.ExitResult;
import io.berth.api.Problem;
import io.berth.api.StreamFrame;
import io.berth.spec.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Calls to an agent, as JSON in and JSON out: each call on a connection of its own, each failure an
 * {@link ApiException}. A problem document becomes the exception the server threw; a transport
 * failure is {@code UNAVAILABLE}.
 */
final class ApiCalls {
  private static final int MAX_PROBLEM_BYTES = 64 * 1024;
  private static final int MAX_LINE_BYTES = 16 << 20;
  private static final String ACCEPT =
      "application/json, " + StreamFrame.MEDIA_TYPE + ", " + Problem.MEDIA_TYPE;

  private final Transport transport;
  private final String authorization;
  private final Set<Transport.Connection> open = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  ApiCalls(Transport transport, String authorization) {
    this.transport = transport;
    this.authorization = authorization;
  }

  String endpoint() {
    return transport.endpoint();
  }

  /** A call answered with one JSON document, or with nothing (204): then null. */
  <T> T call(String method, Target target, Object body, TypeReference<T> type) {
    return exchange(
        method,
        target,
        body,
        response -> {
          if (response.status() == 204) {
            return null;
          }
          return Json.lenient().readValue(response.body(), type);
        });
  }

  /** A call with a body of its own media type (not JSON), answered with one JSON document. */
  <T> T callWith(
      String method, Target target, byte[] body, String contentType, TypeReference<T> type) {
    return call(method, target, new RawBody(body, contentType), type);
  }

  /** A request body sent as it is. */
  private record RawBody(byte[] bytes, String contentType) {}

  String text(String method, Target target) {
    return exchange(
        method,
        target,
        null,
        response -> new String(response.body().readAllBytes(), StandardCharsets.UTF_8));
  }

  /**
   * A call answered with lines of text as they arrive (server-sent events), each without its line
   * end, until the body ends or {@code lines} returns false.
   */
  void lines(String method, Target target, java.util.function.Predicate<String> lines) {
    exchange(
        method,
        target,
        null,
        response -> {
          InputStream in = response.body();
          for (byte[] line; (line = Http1.bodyLine(in, MAX_LINE_BYTES)) != null; ) {
            int length =
                line.length > 0 && line[line.length - 1] == '\r' ? line.length - 1 : line.length;
            if (!lines.test(new String(line, 0, length, StandardCharsets.UTF_8))) {
              return null;
            }
          }
          return null;
        });
  }

  /** A call answered with a body of any type, copied to {@code out} as it arrives. */
  void download(String method, Target target, java.io.OutputStream out) {
    exchange(
        method,
        target,
        null,
        response -> {
          response.body().transferTo(out);
          return null;
        });
  }

  /**
   * A call answered with a stream: each frame before the last goes to {@code frames} as it arrives;
   * returns the result, read by {@code result}, or throws the problem that ended the stream.
   */
  <T> T stream(
      String method,
      Target target,
      Object body,
      ResultReader<T> result,
      Consumer<StreamFrame> frames) {
    FrameParser.Handler<T> handler =
        new FrameParser.Handler<>() {
          @Override
          public void frame(StreamFrame frame) {
            frames.accept(frame);
          }

          @Override
          public T result(JsonParser parser, byte[] line) throws IOException {
            return result.read(parser, line);
          }
        };
    return exchange(
        method,
        target,
        body,
        response -> {
          InputStream in = response.body();
          for (byte[] line; (line = Http1.bodyLine(in, MAX_LINE_BYTES)) != null; ) {
            if (isBlank(line)) {
              continue; // keep-alive
            }
            // Not a pattern switch: its bootstrap spins a class at run time, which the AOT cache
            // does not hold, and this is the run path of a short-lived CLI.
            FrameParser.Parsed<T> parsed = FrameParser.parse(line, handler);
            if (parsed instanceof FrameParser.Parsed.Result<T> done) {
              return done.value();
            }
            if (parsed instanceof FrameParser.Parsed.Failed<T> failed) {
              throw failed.problem().toException();
            }
          }
          throw new ApiException(
              Kind.UNAVAILABLE,
              "the berth agent at %s ended the stream before its result".formatted(endpoint()));
        });
  }

  /**
   * How a stream's result is read: {@link #EXIT_RESULT} by hand, any other type by databind's
   * mapper ({@link #as}), which a run in the foreground never needs.
   */
  @FunctionalInterface
  interface ResultReader<T> {
    ResultReader<ExitResult> EXIT_RESULT = (parser, line) -> FrameParser.exitResult(parser);

    /** Reads the result; {@code parser} stands at its value, {@code line} is the whole frame. */
    T read(JsonParser parser, byte[] line) throws IOException;

    static <T> ResultReader<T> as(TypeReference<T> type) {
      return (parser, line) ->
          Json.lenient()
              .convertValue(Json.lenient().readValue(line, StreamFrame.class).result(), type);
    }
  }

  /** Closes every connection still open: calls in progress end with UNAVAILABLE. */
  void close() {
    closed = true;
    for (Transport.Connection connection : open) {
      closeQuietly(connection);
    }
    try {
      transport.close();
    } catch (IOException e) {
      // a socket that is already gone
    }
  }

  private <R> R exchange(String method, Target target, Object body, ResponseReader<R> reader) {
    if (closed) {
      throw new ApiException(Kind.UNAVAILABLE, "this berth client is closed");
    }
    byte[] bytes = body == null ? null : body instanceof RawBody raw ? raw.bytes() : json(body);
    String contentType = body instanceof RawBody raw ? raw.contentType() : "application/json";
    Transport.Connection connection;
    try {
      connection = transport.open();
    } catch (IOException e) {
      throw new ApiException(
          Kind.UNAVAILABLE,
          "cannot reach the berth agent at %s: %s (is it running?)"
              .formatted(endpoint(), reason(e)),
          e);
    }
    open.add(connection);
    try {
      HttpResponse response =
          Http1.exchange(
              connection, method, target.toString(), headers(bytes != null, contentType), bytes);
      if (response.status() >= 400) {
        throw problem(response);
      }
      return reader.read(response);
    } catch (IOException e) {
      if (closed) {
        throw new ApiException(Kind.UNAVAILABLE, "this berth client was closed during the call", e);
      }
      throw new ApiException(
          Kind.UNAVAILABLE,
          "lost the connection to the berth agent at %s: %s".formatted(endpoint(), reason(e)),
          e);
    } finally {
      open.remove(connection);
      closeQuietly(connection);
    }
  }

  private Map<String, String> headers(boolean hasBody, String contentType) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Accept", ACCEPT);
    if (hasBody) {
      headers.put("Content-Type", contentType);
    }
    if (authorization != null) {
      headers.put("Authorization", authorization);
    }
    return headers;
  }

  private ApiException problem(HttpResponse response) throws IOException {
    byte[] body = response.body().readNBytes(MAX_PROBLEM_BYTES);
    String type = response.mediaType();
    if (type.equals(Problem.MEDIA_TYPE) || type.equals("application/json")) {
      try {
        Problem problem = FrameParser.problem(body);
        if (problem.status() == response.status()) {
          return problem.toException();
        }
      } catch (IOException e) {
        // not a problem document after all: described below
      }
    }
    String text = new String(body, StandardCharsets.UTF_8).strip();
    return new ApiException(
        Kind.ofStatus(response.status()),
        "the berth agent at %s answered HTTP %d%s"
            .formatted(
                endpoint(),
                response.status(),
                text.isEmpty() ? "" : ": " + text.substring(0, Math.min(200, text.length()))));
  }

  private static byte[] json(Object body) {
    try {
      if (body instanceof CreateContainer request) {
        return RequestWriter.createContainer(request); // the run path: no databind
      }
      return Json.lenient().writeValueAsBytes(body);
    } catch (IOException e) {
      throw new ApiException(Kind.INTERNAL, "cannot write the request: " + e.getMessage(), e);
    }
  }

  private static boolean isBlank(byte[] line) {
    for (byte b : line) {
      if (b != ' ' && b != '\r' && b != '\t') {
        return false;
      }
    }
    return true;
  }

  private static String reason(IOException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static void closeQuietly(Transport.Connection connection) {
    try {
      connection.close();
    } catch (IOException e) {
      // closing a socket that is already gone
    }
  }

  @FunctionalInterface
  private interface ResponseReader<R> {
    R read(HttpResponse response) throws IOException;
  }
}
