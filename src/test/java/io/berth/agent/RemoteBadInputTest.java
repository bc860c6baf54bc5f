package io.berth.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.spec.Json;
import io.berth.testing.PushedImage;
import io.berth.testing.TestImages;
import io.berth.testing.TestRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input over real TLS with a real token: each gets a 4xx (or 502 for a URL that does not
 * answer) problem document that says what is wrong, and a failed create leaves no container record
 * and no bundle.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class RemoteBadInputTest {
  private static TestRegistry registry;
  private static PushedImage busybox;
  private static TlsAgent berth;

  @BeforeAll
  static void start() throws Exception {
    registry = TestRegistry.plain();
    busybox = TestImages.busybox(registry, "bad/busybox:1");
    berth = new TlsAgent(registry);
  }

  @AfterAll
  static void stop() {
    try {
      if (berth != null) {
        berth.close();
      }
    } finally {
      registry.close();
    }
  }

  @AfterEach
  void nothingHalfCreated() throws Exception {
    HttpResponse<String> all = berth.send("GET", "/v1/containers?all", null);
    for (JsonNode c : Json.lenient().readTree(all.body())) {
      berth.send("DELETE", "/v1/containers/" + c.path("id").asText() + "?force", null);
    }
  }

  @Test
  void malformedJson_is400_namingLineAndColumn() throws Exception {
    JsonNode problem = refused(400, "{\"image\": \"" + busybox.reference() + "\",");

    assertThat(problem.path("detail").asText()).contains("line 1");
  }

  @Test
  void unknownField_is400_namingIt_andTheKnownOnes() throws Exception {
    JsonNode problem =
        refused(400, "{\"image\":\"" + busybox.reference() + "\",\"comand\":[\"true\"]}");

    assertThat(problem.path("detail").asText()).contains("'comand'").contains("command");
  }

  @Test
  void unknownNestedField_is400_namingItsPath() throws Exception {
    JsonNode problem =
        refused(
            400,
            "{\"image\":\"%s\",\"data\":{\"path\":\"/d\",\"content\":\"\",\"contnt\":1}}"
                .formatted(busybox.reference()));

    assertThat(problem.path("detail").asText()).contains("contnt").contains("data");
  }

  @Test
  void oversizedBody_is413_namingTheLimit() throws Exception {
    String huge =
        "{\"image\":\"%s\",\"labels\":{\"x\":\"%s\"}}"
            .formatted(busybox.reference(), "a".repeat(2 << 20));

    JsonNode problem = refused(413, huge);

    assertThat(problem.path("detail").asText()).contains("limit is 1048576 bytes");
  }

  @Test
  void badImageReference_is400_namingIt() throws Exception {
    JsonNode problem = refused(400, "{\"image\":\"Bad//Ref::x\"}");

    assertThat(problem.path("detail").asText()).contains("Bad//Ref::x");
  }

  @Test
  void aTagBesideAReferenceThatHasOne_orABadTag_is400() throws Exception {
    JsonNode twice =
        refused(400, "{\"image\":\"%s\",\"tag\":\"2\"}".formatted(busybox.reference()));
    JsonNode bad = refused(400, "{\"image\":\"busybox\",\"tag\":\"no/tag\"}");

    assertThat(twice.path("detail").asText()).contains("already names a tag");
    assertThat(bad.path("detail").asText()).contains("'no/tag' is not a tag");
  }

  @Test
  void filePathLeavingTheContainer_is400() throws Exception {
    HttpResponse<String> created =
        berth.send(
            "POST",
            "/v1/containers",
            "{\"image\":\"%s\",\"command\":[\"sleep\",\"60\"],\"start\":true}"
                .formatted(busybox.reference()));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    String id = result(created).path("summary").path("id").asText();

    for (String path :
        new String[] {
          "/v1/containers/" + id + "/files?path=/../../etc",
          "/v1/containers/" + id + "/files?path=etc",
          "/v1/containers/" + id + "/files/..%2F..%2Fetc%2Fshadow"
        }) {
      HttpResponse<String> response = berth.send("GET", path, null);
      assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(400);
      assertProblem(response);
    }
  }

  @Test
  void noToken_andWrongToken_are401() throws Exception {
    for (String bearer : new String[] {null, "berth_" + "0".repeat(43)}) {
      HttpResponse<String> response =
          berth.send(
              "POST",
              "/v1/containers",
              bearer,
              "{\"image\":\"%s\"}".formatted(busybox.reference()));
      assertThat(response.statusCode()).isEqualTo(401);
      assertProblem(response);
      // refused before its body was read: the body is read through, so the connection carries
      // the next round (this test's second round once found it closed under it)
      assertThat(response.headers().firstValue("connection")).isEmpty();
    }
    // a refusal of a request without a body keeps the connection
    HttpResponse<String> missing = berth.send("GET", "/v1/containers/nosuch", null);
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.headers().firstValue("connection")).isEmpty();
    assertNothingCreated();
  }

  @Test
  void zipSlip_is400_namingTheEntry() throws Exception {
    JsonNode problem = refused(400, withData("/data", Archives.zip("../../etc/evil", "x")));

    assertThat(problem.path("detail").asText()).contains("'../../etc/evil'").contains("..");
  }

  @Test
  void absoluteEntry_is400() throws Exception {
    String tar = new Archives.Tar(false).file("/etc/passwd", "root::0:0::/:/bin/sh\n").base64();

    JsonNode problem = refused(400, withData("/data", tar));

    assertThat(problem.path("detail").asText()).contains("/etc/passwd").contains("relative");
  }

  @Test
  void symlinkOutOfTheDataPath_is400() throws Exception {
    String tar = new Archives.Tar(true).symlink("up", "../../etc").base64();

    JsonNode problem = refused(400, withData("/data", tar));

    assertThat(problem.path("detail").asText()).contains("'up'").contains("out of the data path");
  }

  @Test
  void writingThroughALinkOfTheArchive_is400_andLeavesNoBundle() throws Exception {
    // passes the request's checks; the layer unpacker refuses it once the container is underway
    String tar = new Archives.Tar(false).symlink("sub", ".").file("sub/x", "x").base64();

    JsonNode problem = refused(400, withData("/data", tar));

    assertThat(problem.path("detail").asText()).contains("refused");
  }

  @Test
  void zipBomb_is400_atTheLimit() throws Exception {
    JsonNode problem = refused(400, withData("/data", Archives.zip("zeros", null)));

    assertThat(problem.path("detail").asText()).contains("limit of 268435456 bytes");
  }

  @Test
  void tarGzBomb_is400_atTheLimit() throws Exception {
    String bomb = new Archives.Tar(true).zeros("a", 200L << 20).zeros("b", 200L << 20).base64();

    JsonNode problem = refused(400, withData("/data", bomb));

    assertThat(problem.path("detail").asText()).contains("'b'").contains("limit");
  }

  @Test
  void notBase64_is400() throws Exception {
    JsonNode problem = refused(400, withData("/data", "not base64!"));

    assertThat(problem.path("detail").asText()).contains("data.content is not base64");
  }

  @Test
  void scriptUrlThatDoesNotAnswer_is502_namingIt() throws Exception {
    int port;
    try (ServerSocket closed = new ServerSocket(0)) {
      port = closed.getLocalPort();
    }
    String url = "http://127.0.0.1:" + port + "/run.sh";

    JsonNode problem =
        refused(
            502,
            "{\"image\":\"%s\",\"script\":{\"url\":\"%s\"}}".formatted(busybox.reference(), url));

    assertThat(problem.path("detail").asText()).contains(url).contains("could not be fetched");
  }

  @Test
  void scriptUrlThatConnectsButNeverAnswers_ends502_afterTheTimeLimit() throws Exception {
    // the kernel completes the connection; no one ever reads the request or answers
    try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      String url = "http://127.0.0.1:" + silent.getLocalPort() + "/run.sh";

      HttpResponse<String> response =
          berth.send(
              "POST",
              "/v1/containers",
              "{\"image\":\"%s\",\"script\":{\"url\":\"%s\"}}".formatted(busybox.reference(), url));

      // 15 s is past the stream's first keep-alive (5 s): the status line went out as 200, and
      // the stream ends with the problem instead of a result (docs/api.md, Streams)
      assertThat(response.statusCode()).isEqualTo(200);
      String[] lines = response.body().strip().split("\n");
      JsonNode problem = Json.lenient().readTree(lines[lines.length - 1]).path("problem");
      assertThat(problem.path("status").asInt()).as(response.body()).isEqualTo(502);
      assertThat(problem.path("detail").asText()).contains(url).contains("did not answer within");
      assertNothingCreated();
    }
  }

  @Test
  void scriptWithoutShebang_orWithAnEntrypoint_is400() throws Exception {
    String plain = Base64.getEncoder().encodeToString("echo hi\n".getBytes());
    assertThat(
            refused(
                    400,
                    "{\"image\":\"%s\",\"script\":{\"content\":\"%s\"}}"
                        .formatted(busybox.reference(), plain))
                .path("detail")
                .asText())
        .contains("#!");
    assertThat(
            refused(
                    400,
                    "{\"image\":\"%s\",\"entrypoint\":[\"sh\"],\"script\":{\"content\":\"%s\"}}"
                        .formatted(busybox.reference(), plain))
                .path("detail")
                .asText())
        .contains("entrypoint");
  }

  @Test
  void upload_withAnUnknownPart_noContainerPart_aDataArchiveWithoutPath_orTwice_is400(
      @TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("run.sh"), "#!/bin/sh\ntrue\n");
    String container = "container={\"image\":\"%s\"};type=application/json";
    String[][] uploads = {
      {"-F", container.formatted(busybox.reference()), "-F", "scirpt=@" + file},
      {"-F", "script=@" + file},
      {"-F", container.formatted(busybox.reference()), "-F", "data=@" + file},
      {
        "-F",
        "container={\"image\":\"%s\",\"script\":{\"url\":\"http://127.0.0.1:1/x\"}};type=application/json"
            .formatted(busybox.reference()),
        "-F",
        "script=@" + file
      },
      {"-F", "container={\"image\":;type=application/json", "-F", "script=@" + file},
    };
    String[] named = {
      "unknown part 'scirpt'",
      "needs a 'container' part",
      "needs 'data.path'",
      "give it one way",
      "line 1"
    };
    for (int i = 0; i < uploads.length; i++) {
      TlsAgent.Curled answer = berth.curl("/v1/containers", uploads[i]);
      assertThat(answer.status()).as(answer.body()).isEqualTo(400);
      assertThat(Json.lenient().readTree(answer.body()).path("detail").asText())
          .as(answer.body())
          .contains(named[i]);
    }
    assertNothingCreated();
  }

  @Test
  void upload_overTheLimits_is413_namingThem(@TempDir Path dir) throws Exception {
    Path script = dir.resolve("big.sh");
    try (var out = Files.newOutputStream(script)) {
      out.write("#!/bin/sh\n".getBytes());
      out.write(new byte[(1 << 20) + 1]);
    }
    Path archive = dir.resolve("huge.tar");
    try (var file =
        java.nio.channels.FileChannel.open(
            archive,
            java.nio.file.StandardOpenOption.CREATE_NEW,
            java.nio.file.StandardOpenOption.WRITE)) {
      file.truncate(0).position(67L << 20).write(java.nio.ByteBuffer.wrap(new byte[1]));
    }
    String container =
        "container={\"image\":\"%s\",\"data\":{\"path\":\"/d\"}};type=application/json"
            .formatted(busybox.reference());

    TlsAgent.Curled bigScript =
        berth.curl("/v1/containers", "-F", container, "-F", "script=@" + script);
    TlsAgent.Curled hugeData =
        berth.curl("/v1/containers", "-F", container, "-F", "data=@" + archive);

    assertThat(bigScript.status()).as(bigScript.body()).isEqualTo(413);
    assertThat(bigScript.body()).contains("'script' part").contains("limit is 1048576 bytes");
    assertThat(hugeData.status()).as(hugeData.body()).isEqualTo(413);
    assertThat(hugeData.body()).contains("67108864 for the data archive");
    // within the body's limit, over the archive's: refused by the parser as it reads
    try (var file =
        java.nio.channels.FileChannel.open(archive, java.nio.file.StandardOpenOption.WRITE)) {
      file.truncate((64L << 20) + 1);
    }
    TlsAgent.Curled overData =
        berth.curl("/v1/containers", "-F", container, "-F", "data=@" + archive);
    assertThat(overData.status()).as(overData.body()).isEqualTo(413);
    assertThat(overData.body()).contains("67108864 bytes for the data archive");
    assertNothingCreated();
  }

  @Test
  void upload_thatIsNotMultipart_is400() throws Exception {
    TlsAgent.Curled answer =
        berth.curl(
            "/v1/containers",
            "-H",
            "Content-Type: multipart/form-data; boundary=xyz",
            "--data-binary",
            "--xyz\r\nContent-Disposition: form-data; name=\"container\"\r\n\r\n{}");

    assertThat(answer.status()).as(answer.body()).isEqualTo(400);
    assertThat(answer.body()).contains("multipart/form-data body is not readable");
    assertNothingCreated();
  }

  private static String withData(String path, String base64) {
    return "{\"image\":\"%s\",\"command\":[\"true\"],\"data\":{\"path\":\"%s\",\"content\":\"%s\"}}"
        .formatted(busybox.reference(), path, base64);
  }

  /** Posts a create, expects {@code status} with a problem document, and nothing created. */
  private static JsonNode refused(int status, String body) throws Exception {
    HttpResponse<String> response = berth.send("POST", "/v1/containers", body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    JsonNode problem = assertProblem(response);
    assertNothingCreated();
    return problem;
  }

  private static JsonNode assertProblem(HttpResponse<String> response) throws IOException {
    assertThat(response.headers().firstValue("content-type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    JsonNode problem = Json.lenient().readTree(response.body());
    assertThat(problem.path("status").asInt()).isEqualTo(response.statusCode());
    assertThat(problem.path("detail").asText()).isNotBlank();
    return problem;
  }

  private static void assertNothingCreated() throws Exception {
    HttpResponse<String> all = berth.send("GET", "/v1/containers?all", null);
    assertThat(Json.lenient().readTree(all.body())).isEmpty();
    assertThat(berth.bundles()).isEmpty();
  }

  static JsonNode result(HttpResponse<String> stream) throws IOException {
    return result(stream.body());
  }

  /** The result frame of a create's stream. */
  static JsonNode result(String stream) throws IOException {
    JsonNode last = null;
    for (String line : stream.split("\n")) {
      if (!line.isBlank()) {
        last = Json.lenient().readTree(line);
      }
    }
    assertThat(last).as(stream).isNotNull();
    assertThat(last.has("result")).as(stream).isTrue();
    return last.path("result");
  }
}
