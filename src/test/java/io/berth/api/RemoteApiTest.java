package io.berth.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.berth.api.client.RemoteBerth;
import io.berth.api.server.ApiServer;
import io.berth.testing.TempDirectory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The contract through {@link RemoteBerth}, the Unix socket and {@link ApiServer} to the same fake;
 * and what only a remote API has: a client that goes away, an agent that is not there.
 */
class RemoteApiTest extends ApiContract {
  private TempDirectory directory;
  private ApiServer server;

  @Override
  Berth serve(FakeBerth fake) throws Exception {
    directory = TempDirectory.create("berth-api-");
    server =
        ApiServer.builder(fake)
            .unixSocket(directory.resolve("berth.sock"))
            .heartbeat(Duration.ofMillis(100))
            .start();
    return RemoteBerth.connect(server.socket().orElseThrow());
  }

  @AfterEach
  void stopServer() {
    server.close();
    directory.close();
  }

  @Test
  void follow_clientCloses_theServerSideSinkSeesTheDisconnect() throws Exception {
    ContainerDetails web = berth.containers().create(named(), PullProgress.NONE);
    berth.containers().start("web");
    fake.containers().emit(web.id(), "stdout", "one");
    RemoteBerth follower = RemoteBerth.connect(server.socket().orElseThrow());
    BlockingQueue<String> seen = new LinkedBlockingQueue<>();
    CompletableFuture<Void> follow =
        CompletableFuture.runAsync(
            () ->
                follower
                    .containers()
                    .logs("web", new LogQuery(true, -1, null, false), l -> seen.add(l.text())));
    assertThat(seen.poll(10, TimeUnit.SECONDS)).isEqualTo("one");

    follower.close(); // the container writes nothing more: only the heartbeat can notice

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(fake.containers().followEnds())
                    .singleElement()
                    .asString()
                    .matches("interrupted|sink failed: ClientGoneException"));
    assertThatThrownBy(() -> follow.get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ApiException.Kind.UNAVAILABLE);
              assertThat(e).hasMessageContaining("closed");
            });
  }

  @Test
  void wait_unknownCondition_isBadRequestNamingTheKnownOnes() throws Exception {
    berth.containers().create(named(), PullProgress.NONE);

    String answer = raw("POST /v1/containers/web/wait?condition=gone HTTP/1.1");

    assertThat(answer)
        .startsWith("HTTP/1.1 400")
        .contains("unknown wait condition 'gone'; expected not-running or removed");
  }

  /** Sends a request line (no body) as it is, and returns the whole answer. */
  private String raw(String requestLine) throws Exception {
    try (var channel =
        java.nio.channels.SocketChannel.open(
            java.net.UnixDomainSocketAddress.of(server.socket().orElseThrow()))) {
      channel.write(
          java.nio.ByteBuffer.wrap(
              (requestLine + "\r\nHost: berth\r\nConnection: close\r\n\r\n")
                  .getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
      return new String(
          java.nio.channels.Channels.newInputStream(channel).readAllBytes(),
          java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  @Test
  void requests_runOnVirtualThreads() {
    berth.images().list();

    assertThat(fake.images().virtualThreads()).containsExactly(true);
  }

  @Test
  void pingAndVersion_sayWhatAnswers() {
    RemoteBerth remote = (RemoteBerth) berth;

    remote.ping();
    VersionInfo version = remote.version();

    assertThat(version.api()).isEqualTo("v1");
    assertThat(version.java()).isEqualTo(Runtime.version().toString());
    assertThat(remote.endpoint()).isEqualTo("unix:" + server.socket().orElseThrow());
  }

  @Test
  void noAgent_isUnavailable_andSaysWhere() {
    try (RemoteBerth nowhere = RemoteBerth.connect(directory.resolve("nothing.sock"))) {
      assertThatThrownBy(nowhere::ping)
          .isInstanceOfSatisfying(
              ApiException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(ApiException.Kind.UNAVAILABLE);
                assertThat(e).hasMessageContaining(directory.resolve("nothing.sock").toString());
              });
    }
  }

  @Test
  void connectIfListening_answersForAListeningSocketOnly_andTheFirstCallUsesTheProbe()
      throws Exception {
    java.nio.file.Path stale = directory.resolve("stale.sock");
    try (var channel =
        java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
      channel.bind(java.net.UnixDomainSocketAddress.of(stale));
    } // closed: the file stays, as an agent that died leaves it
    assertThat(stale).exists();
    assertThat(RemoteBerth.connectIfListening(stale)).isEmpty();
    assertThat(RemoteBerth.connectIfListening(directory.resolve("none.sock"))).isEmpty();

    java.util.Optional<Berth> agent = RemoteBerth.connectIfListening(server.socket().orElseThrow());
    assertThat(agent).isPresent();
    try (Berth remote = agent.get()) {
      assertThat(remote.images().list()).isEmpty();
      assertThat(remote.images().list()).isEmpty(); // the probe is used once, then a new one
    }
  }

  @Test
  void closedClient_refusesCalls() {
    berth.close();

    assertThatThrownBy(() -> berth.images().list())
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.kind()).isEqualTo(ApiException.Kind.UNAVAILABLE));
  }

  private static CreateContainer named() {
    return new CreateContainer(
        "busybox",
        "web",
        null,
        List.of("sh"),
        null,
        null,
        null,
        null,
        null,
        false,
        null,
        null,
        false,
        0,
        0,
        0,
        null,
        false,
        false,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }
}
