package io.berth.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.berth.api.ApiException;
import io.berth.api.Berth;
import io.berth.api.Kv;
import io.berth.api.KvEntry;
import io.berth.api.KvEvent;
import io.berth.api.KvListing;
import io.berth.api.client.RemoteBerth;
import io.berth.spec.Json;
import io.berth.testing.BerthHome;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The configuration store through a real agent's Unix-socket API. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class KvApiTest {
  private BerthHome home;
  private EmbeddedAgent agent;
  private Berth berth;
  private Kv kv;

  @BeforeEach
  void startAgent() throws IOException {
    home = BerthHome.create();
    agent =
        EmbeddedAgent.start(
            home.settings(), new AgentOptions(Engine.Recovery.stop, null, null, null, null, null));
    berth = RemoteBerth.connect(agent.socket());
    kv = berth.kv();
  }

  @AfterEach
  void stopAgent() {
    try {
      berth.close();
      agent.close();
    } finally {
      home.close();
    }
  }

  @Test
  void putGetListTreeDelete_overTheSocket_deepPaths() {
    KvEntry port = kv.put("/org/myorg/app/db/port", IntNode.valueOf(5432), false, null);
    kv.put("/org/myorg/app/db/host", TextNode.valueOf("db.internal"), false, null);
    kv.put("/org/myorg/app/name", TextNode.valueOf("shop"), false, null);

    KvEntry read = kv.get("/org/myorg/app/db/port", false);
    assertThat(read.value()).isEqualTo(IntNode.valueOf(5432));
    assertThat(read.modRevision()).isEqualTo(port.modRevision());
    assertThat(read.version()).isEqualTo(1);

    KvListing app = kv.list("/org/myorg/app/");
    assertThat(app.keys()).extracting(KvEntry::path).containsExactly("/org/myorg/app/name");
    assertThat(app.directories()).containsExactly("/org/myorg/app/db/");

    JsonNode tree = kv.tree("/org/myorg/", false).tree();
    assertThat(tree.at("/app~1/db~1/port").asInt()).isEqualTo(5432);
    assertThat(tree.at("/app~1/name").asText()).isEqualTo("shop");

    assertThat(kv.delete("/org/myorg/app/name", null).deleted()).isEqualTo(1);
    assertThatThrownBy(() -> kv.get("/org/myorg/app/name", false))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.kind()).isEqualTo(ApiException.Kind.NOT_FOUND))
        .hasMessageContaining("/org/myorg/app/name");

    assertThat(kv.deleteTree("/org/myorg/app").deleted()).isEqualTo(2);
    assertThat(kv.list("/").keys()).isEmpty();
    assertThat(kv.list("/").directories()).isEmpty();
  }

  @Test
  void compareAndSet_staleRevision_isAConflictNamingTheCurrentRevision() throws IOException {
    KvEntry first = kv.put("/app/mode", TextNode.valueOf("blue"), false, 0L);
    KvEntry second = kv.put("/app/mode", TextNode.valueOf("green"), false, first.modRevision());
    assertThat(second.version()).isEqualTo(2);

    assertThatThrownBy(
            () -> kv.put("/app/mode", TextNode.valueOf("red"), false, first.modRevision()))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.kind()).isEqualTo(ApiException.Kind.CONFLICT))
        .hasMessageContaining("current revision is " + second.modRevision());
    assertThatThrownBy(() -> kv.put("/app/mode", TextNode.valueOf("red"), false, 0L))
        .hasMessageContaining("expected it not to exist");
    assertThatThrownBy(() -> kv.delete("/app/mode", first.modRevision()))
        .hasMessageContaining("current revision is " + second.modRevision());
    assertThat(kv.get("/app/mode", false).value().asText()).isEqualTo("green");

    Raw conflict = raw("PUT", "/v1/kv/app/mode?cas=" + first.modRevision(), "\"red\"");
    assertThat(conflict.status()).isEqualTo(409);
    assertThat(conflict.contentType()).startsWith("application/problem+json");
    assertThat(conflict.json().path("detail").asText())
        .contains("/app/mode", "current revision is " + second.modRevision());

    assertThat(kv.delete("/app/mode", second.modRevision()).deleted()).isEqualTo(1);
  }

  @Test
  void secret_isHiddenUnlessRevealed_andItsKeyFileIsPrivate() throws IOException {
    KvEntry written = kv.put("/app/db/password", TextNode.valueOf("hunter2"), true, null);
    assertThat(written.secret()).isTrue();
    assertThat(written.value().asText()).isEqualTo("<secret>");

    KvEntry hidden = kv.get("/app/db/password", false);
    assertThat(hidden.hidden()).isTrue();
    assertThat(hidden.value().asText()).isEqualTo("<secret>");
    assertThat(kv.get("/app/db/password", true).value().asText()).isEqualTo("hunter2");

    assertThat(kv.tree("/app/", false).tree().toString()).doesNotContain("hunter2");
    assertThat(kv.tree("/app/", true).tree().at("/db~1/password").asText()).isEqualTo("hunter2");
    assertThat(kv.dumpDconf("/app/", false))
        .contains("password='<secret>'")
        .doesNotContain("hunter2");
    assertThat(kv.list("/app/db/").keys().getFirst().value().asText()).isEqualTo("<secret>");
    assertThat(raw("GET", "/v1/kv/app/db/password", null).body()).doesNotContain("hunter2");

    Path keyFile = home.root().resolve("kv/secret.key");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)))
        .isEqualTo("rw-------");
  }

  @Test
  void watch_sinceARevision_receivesChangesAndDeletions() throws Exception {
    kv.put("/watched/other", TextNode.valueOf("before"), false, null);
    long since = kv.list("/").revision();
    List<KvEvent> events = new CopyOnWriteArrayList<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread watcher =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    kv.watch(
                        "/watched/",
                        since,
                        event -> {
                          events.add(event);
                          return events.size() < 2;
                        });
                  } catch (Throwable t) {
                    failure.set(t);
                  }
                });
    kv.put("/elsewhere/key", TextNode.valueOf("unwatched"), false, null);
    KvEntry changed = kv.put("/watched/app/port", IntNode.valueOf(8080), false, null);
    kv.delete("/watched/other", null);

    assertThat(watcher.join(java.time.Duration.ofSeconds(30))).isTrue();
    assertThat(failure.get()).isNull();
    assertThat(events).extracting(KvEvent::type).containsExactly("changed", "deleted");
    assertThat(events.getFirst().path()).isEqualTo("/watched/app/port");
    assertThat(events.getFirst().revision()).isEqualTo(changed.modRevision());
    assertThat(events.getFirst().entry().value().asInt()).isEqualTo(8080);
    assertThat(events.get(1).path()).isEqualTo("/watched/other");
  }

  @Test
  void badPathsAndBadRequests_areProblemsThatSayWhy() throws IOException {
    assertThatThrownBy(() -> kv.get("/a//b", false))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.kind()).isEqualTo(ApiException.Kind.BAD_REQUEST))
        .hasMessageContaining("/a//b")
        .hasMessageContaining("empty segment");
    assertThatThrownBy(() -> kv.put("/a/../b", TextNode.valueOf("x"), false, null))
        .hasMessageContaining("'..' segment");

    Raw bad = raw("GET", "/v1/kv/a//b", null);
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.contentType()).startsWith("application/problem+json");

    Raw missing = raw("GET", "/v1/kv/no/such/key", null);
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.json().path("detail").asText()).contains("/no/such/key");

    Raw notJson = raw("PUT", "/v1/kv/a/b", "{oops");
    assertThat(notJson.status()).isEqualTo(400);
    assertThat(notJson.json().path("detail").asText()).contains("as JSON");

    Raw badCas = raw("PUT", "/v1/kv/a/b?cas=yesterday", "1");
    assertThat(badCas.status()).isEqualTo(400);
    assertThat(badCas.json().path("detail").asText()).contains("cas", "yesterday");

    Raw badFormat = raw("GET", "/v1/kv/a/?format=yaml", null);
    assertThat(badFormat.status()).isEqualTo(400);
  }

  @Test
  void dconf_dumpAndLoad_roundTripThroughTheApi() {
    kv.put("/org/app/db/port", IntNode.valueOf(5432), false, null);
    kv.put("/org/app/name", TextNode.valueOf("shop"), false, null);
    String dump = kv.dumpDconf("/org/", false);
    assertThat(dump).contains("[app/db]", "port=5432", "name='shop'");

    kv.deleteTree("/org/");
    var loaded = kv.loadDconf("/copy/", dump);
    assertThat(loaded.written()).containsExactlyInAnyOrder("/copy/app/db/port", "/copy/app/name");
    assertThat(kv.get("/copy/app/db/port", false).value().asInt()).isEqualTo(5432);
    assertThat(kv.dumpDconf("/copy/", false)).isEqualTo(dump);

    assertThatThrownBy(() -> kv.loadDconf("/copy/", "not a dump\n"))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.kind()).isEqualTo(ApiException.Kind.BAD_REQUEST))
        .hasMessageContaining("line 1");
  }

  record Raw(int status, String contentType, String body) {
    JsonNode json() {
      try {
        return Json.lenient().readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }
  }

  /** One request on its own connection, answered with a plain (not chunked) body. */
  private Raw raw(String method, String target, String body) throws IOException {
    byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    String head =
        "%s %s HTTP/1.1\r\nHost: berth\r\nConnection: close\r\nContent-Length: %d\r\n\r\n"
            .formatted(method, target, bytes.length);
    try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(agent.socket()))) {
      channel.write(ByteBuffer.wrap(head.getBytes(StandardCharsets.UTF_8)));
      channel.write(ByteBuffer.wrap(bytes));
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      ByteBuffer buffer = ByteBuffer.allocate(8192);
      while (channel.read(buffer) >= 0) {
        all.write(buffer.array(), 0, buffer.position());
        buffer.clear();
      }
      String text = all.toString(StandardCharsets.UTF_8);
      int end = text.indexOf("\r\n\r\n");
      String[] lines = text.substring(0, end).split("\r\n");
      String contentType = "";
      for (String line : lines) {
        if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-type:")) {
          contentType = line.substring(line.indexOf(':') + 1).strip();
        }
      }
      return new Raw(
          Integer.parseInt(lines[0].split(" ")[1]), contentType, text.substring(end + 4));
    }
  }
}
