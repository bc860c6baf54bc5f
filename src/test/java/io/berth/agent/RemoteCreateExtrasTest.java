package io.berth.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.berth.spec.Json;
import io.berth.testing.PushedImage;
import io.berth.testing.TestImages;
import io.berth.testing.TestRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * BoatLoad's create extras over real TLS with a real token: a script, inline or by URL, runs as the
 * container's command with its arguments; a data archive, tar.gz or zip, inline or by URL, is in
 * place before it starts.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class RemoteCreateExtrasTest {
  private static final String SCRIPT =
      "#!/bin/sh\necho \"script $0 says $1\"\ncat /srv/in/hello.txt /srv/in/sub/b.txt\n";

  private static TestRegistry registry;
  private static PushedImage busybox;
  private static TlsAgent berth;
  private static HttpServer files;

  @BeforeAll
  static void start() throws Exception {
    registry = TestRegistry.plain();
    busybox = TestImages.busybox(registry, "extras/busybox:1");
    berth = new TlsAgent(registry);
    byte[] archive =
        Base64.getDecoder()
            .decode(
                new Archives.Tar(true)
                    .file("hello.txt", "hello from a url\n")
                    .file("sub/b.txt", "b by url\n")
                    .base64());
    files = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    files.createContext("/run.sh", x -> answer(x, SCRIPT.getBytes(StandardCharsets.UTF_8)));
    files.createContext("/data.tar.gz", x -> answer(x, archive));
    files.start();
  }

  @AfterAll
  static void stop() {
    try {
      if (files != null) {
        files.stop(0);
      }
      if (berth != null) {
        berth.close();
      }
    } finally {
      registry.close();
    }
  }

  @Test
  void inlineScript_andInlineZip_runWithTheArguments() throws Exception {
    String script = Base64.getEncoder().encodeToString(SCRIPT.getBytes(StandardCharsets.UTF_8));
    String zip = Archives.zip("hello.txt", "hello from a zip\n", "sub/b.txt", "b zipped\n");

    List<String> output =
        run(
            """
            {"image":"%s","command":["inline"],"start":true,
             "script":{"name":"job.sh","content":"%s"},
             "data":{"path":"/srv/in","content":"%s"}}"""
                .formatted(busybox.reference(), script, zip));

    assertThat(output)
        .containsExactly("script /.berth/job.sh says inline", "hello from a zip", "b zipped");
  }

  @Test
  void script_isServedBack_afterItRan_andAContainerWithoutOneHasNone() throws Exception {
    String script = Base64.getEncoder().encodeToString(SCRIPT.getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> created =
        berth.send(
            "POST",
            "/v1/containers",
            """
            {"image":"%s","command":["served"],"start":true,
             "script":{"name":"job.sh","content":"%s"}}"""
                .formatted(busybox.reference(), script));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    String id = RemoteBadInputTest.result(created).path("summary").path("id").asText();
    HttpResponse<String> plain =
        berth.send(
            "POST",
            "/v1/containers",
            "{\"image\":\"%s\",\"command\":[\"true\"]}".formatted(busybox.reference()));
    String plainId = RemoteBadInputTest.result(plain).path("summary").path("id").asText();
    try {
      berth.send("POST", "/v1/containers/" + id + "/wait?timeout=30", null);

      HttpResponse<String> served = berth.send("GET", "/v1/containers/" + id + "/script", null);
      assertThat(served.statusCode()).as(served.body()).isEqualTo(200);
      assertThat(served.body()).isEqualTo(SCRIPT);
      HttpResponse<String> none = berth.send("GET", "/v1/containers/" + plainId + "/script", null);
      assertThat(none.statusCode()).isEqualTo(404);
      assertThat(none.body()).contains("without a script");
    } finally {
      berth.send("DELETE", "/v1/containers/" + id + "?force", null);
      berth.send("DELETE", "/v1/containers/" + plainId + "?force", null);
    }
  }

  @Test
  void scriptAndDataByUrl_areFetched() throws Exception {
    String url = "http://127.0.0.1:" + files.getAddress().getPort();

    List<String> output =
        run(
            """
            {"image":"%s","command":["fetched"],"start":true,
             "script":{"url":"%s/run.sh"},
             "data":{"path":"/srv/in","url":"%s/data.tar.gz"}}"""
                .formatted(busybox.reference(), url, url));

    assertThat(output)
        .containsExactly("script /.berth/script says fetched", "hello from a url", "b by url");
  }

  @Test
  void uploadedScriptAndArchive_asCurlSendsThem_run_andTheImagesDirectoriesKeepTheirModes(
      @TempDir Path dir) throws Exception {
    Path script = dir.resolve("job.sh");
    Files.writeString(
        script,
        "#!/bin/sh\necho \"script $0 says $1\"\ncat /tmp/in/hello.txt\nstat -c 'tmp %a' /tmp\n");
    Path archive = dir.resolve("site.tar.gz");
    Files.write(
        archive,
        Base64.getDecoder()
            .decode(new Archives.Tar(true).file("hello.txt", "hello uploaded\n").base64()));

    TlsAgent.Curled created =
        berth.curl(
            "/v1/containers",
            "-F",
            "container={\"image\":\"%s\",\"command\":[\"uploaded\"],\"start\":true,\"data\":{\"path\":\"/tmp/in\"}};type=application/json"
                .formatted(busybox.reference()),
            "-F",
            "script=@" + script,
            "-F",
            "data=@" + archive);

    assertThat(created.status()).as(created.body()).isEqualTo(200);
    String id = RemoteBadInputTest.result(created.body()).path("summary").path("id").asText();
    // the script is named as uploaded; /tmp, a parent of data.path, keeps the image's 1777
    assertThat(output(id))
        .containsExactly("script /.berth/job.sh says uploaded", "hello uploaded", "tmp 1777");
  }

  @Test
  void imageAndTag_givenApart_makeTheReference() throws Exception {
    String repository = busybox.reference().substring(0, busybox.reference().lastIndexOf(':'));

    List<String> output =
        run(
            "{\"image\":\"%s\",\"tag\":\"%s\",\"command\":[\"echo\",\"tagged\"],\"start\":true}"
                .formatted(repository, busybox.tag()));

    assertThat(output).containsExactly("tagged");
  }

  @Test
  void permanentContainer_isRestartedByItsPolicy_withItsScript() throws Exception {
    String script =
        Base64.getEncoder()
            .encodeToString("#!/bin/sh\necho run\nexit 1\n".getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> created =
        berth.send(
            "POST",
            "/v1/containers",
            """
            {"image":"%s","start":true,"restart":"on-failure:2",
             "script":{"name":"job.sh","content":"%s"}}"""
                .formatted(busybox.reference(), script));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    String id = RemoteBadInputTest.result(created).path("summary").path("id").asText();
    try {
      // the script lives in the writable layer, which each restart runs on again
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(30))
          .until(() -> runs(id) == 3);
      Thread.sleep(1500);
      assertThat(runs(id)).isEqualTo(3); // the run and its two restarts
      HttpResponse<String> inspect = berth.send("GET", "/v1/containers/" + id, null);
      assertThat(Json.lenient().readTree(inspect.body()).path("summary").path("state").asText())
          .isEqualTo("exited");
    } finally {
      berth.send("DELETE", "/v1/containers/" + id + "?force", null);
    }
  }

  /** How many times the container printed "run". */
  private static long runs(String id) throws Exception {
    HttpResponse<String> logs = berth.send("GET", "/v1/containers/" + id + "/logs", null);
    return logs.body().lines().filter(line -> line.contains("\"text\":\"run\"")).count();
  }

  @Test
  void scriptUrlAnswering404_is502_andNothingIsLeft() throws Exception {
    String url = "http://127.0.0.1:" + files.getAddress().getPort() + "/missing.sh";

    HttpResponse<String> response =
        berth.send(
            "POST",
            "/v1/containers",
            "{\"image\":\"%s\",\"script\":{\"url\":\"%s\"}}".formatted(busybox.reference(), url));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(502);
    assertThat(response.body()).contains(url).contains("answered 404");
    assertThat(berth.bundles()).isEmpty();
  }

  /** Creates and starts a container, waits for it, returns its output and removes it. */
  private static List<String> run(String body) throws Exception {
    HttpResponse<String> created = berth.send("POST", "/v1/containers", body);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    return output(RemoteBadInputTest.result(created).path("summary").path("id").asText());
  }

  /** Waits for a started container, returns its output and removes it. */
  private static List<String> output(String id) throws Exception {
    try {
      HttpResponse<String> waited =
          berth.send("POST", "/v1/containers/" + id + "/wait?timeout=30", null);
      assertThat(waited.statusCode()).as(waited.body()).isEqualTo(200);
      assertThat(Json.lenient().readTree(waited.body()).path("exitCode").asInt())
          .as(waited.body())
          .isZero();
      HttpResponse<String> logs = berth.send("GET", "/v1/containers/" + id + "/logs", null);
      List<String> lines = new ArrayList<>();
      for (String line : logs.body().split("\n")) {
        JsonNode frame = line.isBlank() ? null : Json.lenient().readTree(line);
        if (frame != null && frame.has("line")) {
          lines.add(frame.path("line").path("text").asText());
        }
      }
      return lines;
    } finally {
      berth.send("DELETE", "/v1/containers/" + id + "?force", null);
    }
  }

  private static void answer(com.sun.net.httpserver.HttpExchange exchange, byte[] body)
      throws IOException {
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
