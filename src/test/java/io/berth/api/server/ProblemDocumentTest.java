package io.berth.api.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.api.FakeBerth;
import io.berth.api.Problem;
import io.berth.testing.TempDirectory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Bad requests get RFC 9457 problem documents that say what is wrong and where: the field, the line
 * and column, the limit, the allowed methods. Nothing about the server's insides leaks.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ProblemDocumentTest {
  private static final int LIMIT = 1024;

  private TempDirectory directory;
  private FakeBerth fake;
  private ApiServer server;
  private Path socket;

  @BeforeEach
  void start() throws Exception {
    directory = TempDirectory.create("berth-problems-");
    fake = new FakeBerth();
    server =
        ApiServer.builder(fake)
            .unixSocket(directory.resolve("berth.sock"))
            .maxBodyBytes(LIMIT)
            .heartbeat(Duration.ofMillis(100))
            .start();
    socket = server.socket().orElseThrow();
  }

  @AfterEach
  void stop() {
    server.close();
    directory.close();
  }

  @Test
  void malformedJson_namesTheLineAndColumn() {
    var response = post("/v1/images/pull", "{\"reference\": \"busybox\",\n  \"platform\": }");

    assertProblem(response, 400, "bad-request", "/v1/images/pull");
    assertThat(detail(response))
        .startsWith("malformed JSON at line 2, column 15: Unexpected character ('}'");
  }

  @Test
  void unknownField_namesItAndTheKnownOnes() {
    var response =
        post("/v1/images/pull", "{\"reference\":\"busybox\",\"platfrom\":\"linux/arm64\"}");

    assertProblem(response, 400, "bad-request", "/v1/images/pull");
    assertThat(detail(response))
        .isEqualTo(
            "unknown field 'platfrom' at line 1, column 24; known fields: platform, reference, tlsVerify");
  }

  @Test
  void unknownNestedField_namesItsPath() {
    var response =
        post(
            "/v1/containers",
            "{\"image\":\"busybox\",\"mounts\":[{\"type\":\"bind\",\"src\":\"/a\"}]}");

    assertProblem(response, 400, "bad-request", "/v1/containers");
    assertThat(detail(response)).startsWith("unknown field 'mounts[0].src' at line 1, column ");
  }

  @Test
  void wrongTypes_nameTheFieldAndWhatWasExpected() {
    assertThat(detail(post("/v1/images/pull", "{\"reference\":\"busybox\",\"tlsVerify\":\"no\"}")))
        .isEqualTo("field 'tlsVerify' at line 1, column 36: expected true or false");
    assertThat(detail(post("/v1/images/pull", "{\"reference\":7}")))
        .isEqualTo("field 'reference' at line 1, column 14: expected a string");
    assertThat(detail(post("/v1/containers", "{\"image\":\"busybox\",\"memory\":\"1g\"}")))
        .isEqualTo("field 'memory' at line 1, column 29: expected a number");
    assertThat(
            detail(
                post(
                    "/v1/containers",
                    "{\"image\":\"busybox\",\"mounts\":[{\"type\":\"bind\",\"readOnly\":\"yes\"}]}")))
        .startsWith("field 'mounts[0].readOnly' at line 1, column ")
        .endsWith(": expected true or false");
    assertThat(detail(post("/v1/containers", "{\"image\":\"busybox\",\"command\":\"ls\"}")))
        .startsWith("field 'command' at line 1, column ")
        .endsWith(": expected an array");
  }

  @Test
  void bodyThatIsNoObject_saysWhatWasExpected() {
    assertThat(detail(post("/v1/images/pull", "[\"busybox\"]")))
        .isEqualTo("the request body at line 1, column 1: expected a JSON object: a PullRequest");
  }

  @Test
  void missingBody_saysWhichOneIsNeeded() {
    var response = RawHttp.request(socket, "POST", "/v1/images/pull", null);

    assertProblem(response, 400, "bad-request", "/v1/images/pull");
    assertThat(detail(response)).isEqualTo("the request needs a JSON body: a PullRequest");
  }

  @Test
  void bodyWithMoreAfterItsObject_isRefused() {
    assertThat(detail(post("/v1/images/pull", "{\"reference\":\"busybox\"} {\"x\":1}")))
        .isEqualTo("the request body goes on after its JSON object at line 1, column 25");
  }

  @Test
  void valuesTheRecordRefuses_giveItsMessage() {
    assertThat(detail(post("/v1/images/pull", "{\"reference\":\" \"}")))
        .isEqualTo("a pull needs an image reference");
    assertThat(detail(post("/v1/containers", "{\"name\":\"web\"}")))
        .isEqualTo("a container needs an image");
    assertThat(detail(post("/v1/containers/web/exec", "{\"command\":[]}")))
        .isEqualTo("exec needs a command");
  }

  @Test
  void oversizedBody_is413_whenDeclared() {
    var response = post("/v1/images/pull", "{\"reference\":\"" + "a".repeat(LIMIT) + "\"}");

    assertProblem(response, 413, "too-large", "/v1/images/pull");
    assertThat(detail(response))
        .isEqualTo("the request body is 1040 bytes; the limit is 1024 bytes");
  }

  @Test
  void oversizedBody_is413_whenChunked() {
    String json = "{\"reference\":\"" + "a".repeat(LIMIT) + "\"}";
    var response =
        RawHttp.send(
            socket,
            "POST /v1/images/pull HTTP/1.1\r\nHost: berth\r\nConnection: close\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(json.length())
                + "\r\n"
                + json
                + "\r\n0\r\n\r\n");

    assertProblem(response, 413, "too-large", "/v1/images/pull");
    assertThat(detail(response))
        .isEqualTo("the request body is more than 1024 bytes; the limit is 1024 bytes");
  }

  @Test
  void unknownRoute_is404() {
    var response = RawHttp.request(socket, "GET", "/v1/nothing/here", null);

    assertProblem(response, 404, "not-found", "/v1/nothing/here");
    assertThat(detail(response)).isEqualTo("no such resource: /v1/nothing/here");
    assertProblem(
        RawHttp.request(socket, "GET", "/v2/images", null), 404, "not-found", "/v2/images");
  }

  @Test
  void wrongMethod_is405_andSaysWhatIsAllowed() {
    var response = RawHttp.request(socket, "PUT", "/v1/images/busybox", "{}");

    assertProblem(response, 405, "method-not-allowed", "/v1/images/busybox");
    assertThat(response.header("Allow")).isEqualTo("GET, DELETE");
    assertThat(detail(response))
        .isEqualTo("PUT is not allowed on /v1/images/busybox; allowed: GET, DELETE");
  }

  @Test
  void unknownQueryParameter_isRefused_notIgnored() {
    assertThat(detail(RawHttp.request(socket, "DELETE", "/v1/images/busybox?forse=true", null)))
        .isEqualTo("unknown query parameter 'forse'; this route takes force");
    assertThat(detail(RawHttp.request(socket, "GET", "/v1/images?all=true", null)))
        .isEqualTo("unknown query parameter 'all'; this route takes none");
    assertThat(detail(RawHttp.request(socket, "GET", "/v1/containers?all=1&all=0", null)))
        .isEqualTo("query parameter 'all' is given twice");
  }

  @Test
  void badQueryValues_sayWhatIsExpected() {
    assertThat(detail(RawHttp.request(socket, "DELETE", "/v1/images/busybox?force=maybe", null)))
        .isEqualTo("query parameter 'force' must be true or false, not 'maybe'");
    assertThat(
            detail(RawHttp.request(socket, "POST", "/v1/containers/web/stop?timeout=soon", null)))
        .isEqualTo("query parameter 'timeout' must be a number of seconds, not 'soon'");
    assertThat(detail(RawHttp.request(socket, "GET", "/v1/containers/web/logs?tail=-3", null)))
        .isEqualTo("query parameter 'tail' must be a count of 0 or more, or 'all', not '-3'");
    assertThat(
            detail(RawHttp.request(socket, "GET", "/v1/containers/web/logs?since=yesterday", null)))
        .isEqualTo(
            "query parameter 'since' must be an RFC 3339 time or Unix seconds, not 'yesterday'");
  }

  @Test
  void percentEncodedName_isOneSegment() {
    var response =
        RawHttp.request(socket, "GET", "/v1/images/registry.example:5000%2Fteam%2Fapp:v2", null);

    assertProblem(response, 404, "not-found", "/v1/images/registry.example:5000%2Fteam%2Fapp:v2");
    assertThat(detail(response))
        .isEqualTo("no image 'registry.example:5000/team/app:v2' on this host");
  }

  @Test
  void unexpectedException_is500_withAnIncidentAndNoInsides() {
    var response = RawHttp.request(socket, "GET", "/v1/images/crash", null);

    assertProblem(response, 500, "internal", "/v1/images/crash");
    assertThat(detail(response))
        .matches("unexpected error \\(incident [0-9a-f]{8}\\); the agent's log has the details");
    assertThat(response.body()).doesNotContain("secret", "Exception", "at io.berth", "java.");
  }

  @Test
  void requestJettyRefusesItself_isAProblemDocumentToo() {
    var response = RawHttp.request(socket, "GET", "/v1/images/%zz", null);

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.header("Content-Type")).isEqualTo(Problem.MEDIA_TYPE);
    assertThat(response.json().get("type").asText()).isEqualTo(Problem.TYPE_BASE + "bad-request");
    assertThat(response.body()).doesNotContain("<html");
  }

  @Test
  void streamedResponse_isNdjsonEndingWithTheResult() {
    var response = post("/v1/images/pull", "{\"reference\":\"busybox\"}");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.header("Content-Type")).isEqualTo("application/x-ndjson");
    assertThat(response.body().lines().filter(l -> !l.isBlank()).toList())
        .hasSize(5)
        .first()
        .asString()
        .startsWith("{\"progress\":{\"digest\":\"sha256:");
    assertThat(response.body().strip().lines().reduce((a, b) -> b).orElseThrow())
        .startsWith("{\"result\":{\"reference\":\"busybox:latest\"");
  }

  @Test
  void streamThatFailsAtOnce_getsARealStatus() {
    var response = RawHttp.request(socket, "GET", "/v1/containers/nothing/logs?follow", null);

    assertProblem(response, 404, "not-found", "/v1/containers/nothing/logs");
    assertThat(detail(response)).isEqualTo("no container 'nothing'");
  }

  @Test
  void streamThatFailsMidway_endsWithAProblemFrame() {
    var response = post("/v1/images/pull", "{\"reference\":\"fail-late/conflict\"}");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body().strip().lines().reduce((a, b) -> b).orElseThrow())
        .isEqualTo(
            "{\"problem\":{\"type\":\"https://berth.io/problems/conflict\",\"title\":\"Conflict\","
                + "\"status\":409,\"detail\":\"pull fail-late/conflict: the fake fails with CONFLICT\","
                + "\"instance\":\"/v1/images/pull\"}}");
  }

  private RawHttp.Response post(String target, String body) {
    return RawHttp.request(socket, "POST", target, body);
  }

  private static String detail(RawHttp.Response response) {
    assertThat(response.header("Content-Type")).isEqualTo(Problem.MEDIA_TYPE);
    return response.json().get("detail").asText();
  }

  private static void assertProblem(
      RawHttp.Response response, int status, String slug, String path) {
    assertThat(response.status()).as(response.body()).isEqualTo(status);
    assertThat(response.header("Content-Type")).isEqualTo(Problem.MEDIA_TYPE);
    var json = response.json();
    assertThat(json.get("type").asText()).isEqualTo(Problem.TYPE_BASE + slug);
    assertThat(json.get("title").asText()).isNotBlank();
    assertThat(json.get("status").asInt()).isEqualTo(status);
    assertThat(json.get("detail").asText()).isNotBlank();
    assertThat(json.get("instance").asText()).isEqualTo(path);
  }
}
