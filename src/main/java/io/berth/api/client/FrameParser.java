package io.berth.api.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.berth.api.ContainerSummary;
import io.berth.api.ExitResult;
import io.berth.api.KvEvent;
import io.berth.api.LayerProgress;
import io.berth.api.LogLine;
import io.berth.api.Problem;
import io.berth.api.StreamFrame;
import io.berth.spec.Json;
import java.io.IOException;
import java.time.Instant;

/**
 * Reads the frames of a stream ({@link StreamFrame}), and problem documents, with jackson-core's
 * streaming parser. A CLI that runs a container then never starts Jackson databind: building its
 * mapper and introspecting the API's records costs a short-lived JVM more than the run itself.
 *
 * <p>The members are read as databind writes them (the records' field names, nulls left out) and as
 * the lenient mapper reads them: a member this client does not know is skipped. {@code
 * FrameParserTest} holds it to what databind writes, for every component of every record.
 */
final class FrameParser {
  private static final JsonFactory JSON = new JsonFactory();

  private FrameParser() {}

  /** Initialises the class (jackson-core's factory) ahead of its first use. */
  static void prepare() {}

  /** Hears the frames of one stream; a result is read by the stream's own reader. */
  interface Handler<T> {
    /** A progress, line, container or event frame. */
    void frame(StreamFrame frame);

    /** The result: {@code parser} stands at its value; {@code line} is the whole frame. */
    T result(JsonParser parser, byte[] line) throws IOException;
  }

  /** What a frame meant for its stream. */
  sealed interface Parsed<T> {
    /** The frame went to the handler; the stream goes on. */
    record More<T>() implements Parsed<T> {}

    record Result<T>(T value) implements Parsed<T> {}

    record Failed<T>(Problem problem) implements Parsed<T> {}
  }

  /** Reads one frame, hands it to {@code handler} or returns how the stream ended. */
  static <T> Parsed<T> parse(byte[] line, Handler<T> handler) throws IOException {
    try (JsonParser parser = JSON.createParser(line)) {
      expect(parser.nextToken(), JsonToken.START_OBJECT, parser);
      Parsed<T> parsed = new Parsed.More<>();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String member = parser.currentName();
        if (parser.nextToken() == JsonToken.VALUE_NULL) {
          continue;
        }
        switch (member) {
          case "progress" -> handler.frame(StreamFrame.progress(progress(parser)));
          case "line" -> handler.frame(StreamFrame.line(line(parser)));
          case "container" -> handler.frame(StreamFrame.container(container(parser)));
          // a watch of the configuration store is no run path: databind reads its events
          case "event" ->
              handler.frame(StreamFrame.event(Json.lenient().readValue(parser, KvEvent.class)));
          case "result" -> {
            parsed = new Parsed.Result<>(handler.result(parser, line));
            parser.skipChildren(); // what the handler left of the value, if it read the line
          }
          case "problem" -> parsed = new Parsed.Failed<>(problem(parser));
          default -> parser.skipChildren();
        }
      }
      return parsed;
    }
  }

  /** A problem document on its own, as an error answer carries it. */
  static Problem problem(byte[] document) throws IOException {
    try (JsonParser parser = JSON.createParser(document)) {
      expect(parser.nextToken(), JsonToken.START_OBJECT, parser);
      return problem(parser);
    }
  }

  /** An {@link ExitResult}; the parser stands at its start. */
  static ExitResult exitResult(JsonParser parser) throws IOException {
    int exitCode = 0;
    String signal = null;
    for (String field; (field = field(parser)) != null; ) {
      switch (field) {
        case "exitCode" -> exitCode = parser.getIntValue();
        case "signal" -> signal = parser.getText();
        default -> parser.skipChildren();
      }
    }
    return new ExitResult(exitCode, signal);
  }

  private static LayerProgress progress(JsonParser parser) throws IOException {
    String digest = null;
    LayerProgress.Phase phase = null;
    long bytes = 0;
    long total = 0;
    for (String field; (field = field(parser)) != null; ) {
      switch (field) {
        case "digest" -> digest = parser.getText();
        case "phase" -> phase = LayerProgress.Phase.valueOf(parser.getText());
        case "bytes" -> bytes = parser.getLongValue();
        case "total" -> total = parser.getLongValue();
        default -> parser.skipChildren();
      }
    }
    return new LayerProgress(digest, phase, bytes, total);
  }

  private static LogLine line(JsonParser parser) throws IOException {
    Instant time = null;
    String stream = null;
    String text = null;
    boolean partial = false;
    for (String field; (field = field(parser)) != null; ) {
      switch (field) {
        case "time" -> time = Instant.parse(parser.getText());
        case "stream" -> stream = parser.getText();
        case "text" -> text = parser.getText();
        case "partial" -> partial = parser.getBooleanValue();
        default -> parser.skipChildren();
      }
    }
    return new LogLine(time, stream, text, partial);
  }

  private static ContainerSummary container(JsonParser parser) throws IOException {
    String id = null;
    String name = null;
    String image = null;
    String imageDigest = null;
    String command = null;
    String state = null;
    Integer exitCode = null;
    Instant created = null;
    Instant started = null;
    Instant finished = null;
    int pid = 0;
    for (String field; (field = field(parser)) != null; ) {
      switch (field) {
        case "id" -> id = parser.getText();
        case "name" -> name = parser.getText();
        case "image" -> image = parser.getText();
        case "imageDigest" -> imageDigest = parser.getText();
        case "command" -> command = parser.getText();
        case "state" -> state = parser.getText();
        case "exitCode" -> exitCode = parser.getIntValue();
        case "created" -> created = Instant.parse(parser.getText());
        case "started" -> started = Instant.parse(parser.getText());
        case "finished" -> finished = Instant.parse(parser.getText());
        case "pid" -> pid = parser.getIntValue();
        default -> parser.skipChildren();
      }
    }
    return new ContainerSummary(
        id, name, image, imageDigest, command, state, exitCode, created, started, finished, pid);
  }

  private static Problem problem(JsonParser parser) throws IOException {
    String type = null;
    String title = null;
    int status = 0;
    String detail = null;
    String instance = null;
    for (String field; (field = field(parser)) != null; ) {
      switch (field) {
        case "type" -> type = parser.getText();
        case "title" -> title = parser.getText();
        case "status" -> status = parser.getIntValue();
        case "detail" -> detail = parser.getText();
        case "instance" -> instance = parser.getText();
        default -> parser.skipChildren();
      }
    }
    return new Problem(type, title, status, detail, instance);
  }

  /**
   * The next field of the object the parser is in (standing at its start, or at the end of a
   * value), with the parser moved to its value; null at the object's end. A field whose value is
   * null is passed over: absent and null are the same to the records.
   */
  private static String field(JsonParser parser) throws IOException {
    while (true) {
      JsonToken token = parser.nextToken();
      if (token == JsonToken.END_OBJECT) {
        return null;
      }
      expect(token, JsonToken.FIELD_NAME, parser);
      String name = parser.currentName();
      if (parser.nextToken() != JsonToken.VALUE_NULL) {
        return name;
      }
    }
  }

  private static void expect(JsonToken token, JsonToken expected, JsonParser parser)
      throws IOException {
    if (token != expected) {
      throw new JsonParseException(parser, "expected " + expected + " but found " + token);
    }
  }
}
