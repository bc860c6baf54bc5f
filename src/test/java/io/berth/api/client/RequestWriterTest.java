package io.berth.api.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.api.CreateContainer;
import io.berth.spec.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The streaming writer writes what databind writes, and the agent reads it back. */
class RequestWriterTest {

  @Test
  void createContainer_everyComponent_isWhatDatabindWrites() throws Exception {
    assertWrittenAsDatabindWould(Samples.of(CreateContainer.class));
  }

  @Test
  void createContainer_defaultsAndStructuredEnv_areWhatDatabindWrites() throws Exception {
    Map<String, JsonNode> env =
        Map.of(
            "CONFIG", Json.lenient().createObjectNode().put("port", 80),
            "LIST", Json.lenient().createArrayNode().add(1).add("two"));
    for (CreateContainer request :
        List.of(
            CreateContainer.of("busybox", null),
            CreateContainer.builder("busybox").env(env).tlsVerify(false).build())) {
      assertWrittenAsDatabindWould(request);
    }
  }

  private static void assertWrittenAsDatabindWould(CreateContainer request) throws Exception {
    byte[] written = RequestWriter.createContainer(request);

    assertThat(Json.lenient().readTree(written))
        .isEqualTo(Json.lenient().readTree(Json.lenient().writeValueAsBytes(request)));
    assertThat(Json.strict().readValue(written, CreateContainer.class)).isEqualTo(request);
  }
}
