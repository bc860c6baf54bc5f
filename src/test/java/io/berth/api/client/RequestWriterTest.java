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
    // a script and a data archive have rules of their own (a plain file name; no entrypoint
    // beside a script): they are checked with real values below; a tag is folded into the image
    // when the request is made, so it is never there to write
    assertWrittenAsDatabindWould(
        Samples.of(CreateContainer.class, java.util.Set.of("script", "data", "tag", "restart")));
  }

  @Test
  void createContainer_withAScriptAndData_isWhatDatabindWrites() throws Exception {
    assertWrittenAsDatabindWould(
        CreateContainer.builder("busybox")
            .script(new CreateContainer.Script("job.sh", "IyEvYmluL3NoCg==", null))
            .data(new CreateContainer.DataArchive("/srv", null, "http://127.0.0.1:1/data.tar"))
            .restart("on-failure:3")
            .build());
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
