package io.berth.api.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.node.IntNode;
import io.berth.api.ContainerSummary;
import io.berth.api.ExitResult;
import io.berth.api.LayerProgress;
import io.berth.api.LogLine;
import io.berth.api.Problem;
import io.berth.api.StreamFrame;
import io.berth.spec.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The streaming reader reads what databind writes, every component of every record. */
class FrameParserTest {
  private final List<StreamFrame> heard = new ArrayList<>();
  private final FrameParser.Handler<ExitResult> handler =
      new FrameParser.Handler<>() {
        @Override
        public void frame(StreamFrame frame) {
          heard.add(frame);
        }

        @Override
        public ExitResult result(JsonParser parser, byte[] line) throws IOException {
          return FrameParser.exitResult(parser);
        }
      };

  @Test
  void progressLineAndContainerFrames_areWhatDatabindWrote() throws Exception {
    List<StreamFrame> frames =
        List.of(
            StreamFrame.progress(Samples.of(LayerProgress.class)),
            StreamFrame.line(Samples.of(LogLine.class)),
            StreamFrame.container(Samples.of(ContainerSummary.class)));
    for (StreamFrame frame : frames) {
      assertThat(FrameParser.parse(Json.lenient().writeValueAsBytes(frame), handler))
          .isInstanceOf(FrameParser.Parsed.More.class);
    }

    assertThat(heard).isEqualTo(frames);
  }

  @Test
  void resultAndProblem_endTheStream() throws Exception {
    ExitResult exit = Samples.of(ExitResult.class);
    Problem problem = Samples.of(Problem.class);

    var result =
        FrameParser.parse(
            Json.lenient().writeValueAsBytes(StreamFrame.result(Json.lenient().valueToTree(exit))),
            handler);
    var failed =
        FrameParser.parse(Json.lenient().writeValueAsBytes(StreamFrame.problem(problem)), handler);

    assertThat(result).isEqualTo(new FrameParser.Parsed.Result<>(exit));
    assertThat(failed).isEqualTo(new FrameParser.Parsed.Failed<ExitResult>(problem));
    assertThat(FrameParser.problem(Json.lenient().writeValueAsBytes(problem))).isEqualTo(problem);
    assertThat(heard).isEmpty();
  }

  @Test
  void nullsAndUnknownMembers_areSkippedAsTheLenientMapperDoes() throws Exception {
    String line =
        """
        {"future":{"a":[1,{"b":2}]},"line":{"time":"2025-06-01T12:00:00Z","stream":"stdout",\
        "text":null,"extra":[true],"partial":false},"also":null}
        """;

    FrameParser.parse(line.getBytes(StandardCharsets.UTF_8), handler);

    assertThat(heard)
        .containsExactly(
            StreamFrame.line(
                new LogLine(Instant.parse("2025-06-01T12:00:00Z"), "stdout", null, false)));
  }

  @Test
  void aResultReadFromTheLine_leavesTheParserPastIt() throws Exception {
    FrameParser.Handler<Integer> fromTheLine =
        new FrameParser.Handler<>() {
          @Override
          public void frame(StreamFrame frame) {
            heard.add(frame);
          }

          @Override
          public Integer result(JsonParser parser, byte[] line) throws IOException {
            return Json.lenient().readTree(line).get("result").get("n").intValue();
          }
        };
    byte[] line =
        Json.lenient()
            .writeValueAsBytes(
                StreamFrame.result(Json.lenient().createObjectNode().set("n", IntNode.valueOf(7))));

    assertThat(FrameParser.parse(line, fromTheLine)).isEqualTo(new FrameParser.Parsed.Result<>(7));
  }
}
