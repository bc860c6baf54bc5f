package io.berth.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.berth.api.AgentEvent;
import io.berth.api.ContainerDetails;
import io.berth.api.CreateContainer;
import io.berth.api.EventQuery;
import io.berth.api.PullProgress;
import io.berth.api.client.RemoteBerth;
import io.berth.api.server.ApiServer;
import io.berth.testing.Busybox;
import io.berth.testing.PushedImage;
import io.berth.testing.TestImages;
import io.berth.testing.TestRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code GET /v1/events} of a real engine over its real Unix socket: containers started from the
 * test registry, their events seen through the client and as bytes on the wire.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class EventStreamTest {
  private static TestRegistry registry;
  private static PushedImage busybox;
  private ContainerFixture berth;
  private ApiServer server;
  private RemoteBerth remote;
  private Path socket;
  private final List<Thread> watchers = new ArrayList<>();

  @BeforeAll
  static void startRegistry() {
    registry = TestRegistry.plain();
    busybox = TestImages.busybox(registry, "events/busybox:1", Busybox.config());
  }

  @AfterAll
  static void stopRegistry() {
    registry.close();
  }

  @BeforeEach
  void start() throws IOException {
    berth = new ContainerFixture(registry);
    socket = berth.home.state().resolve("berth.sock");
    server =
        ApiServer.builder(berth.engine)
            .unixSocket(socket)
            .eventHeartbeat(Duration.ofMillis(200))
            .start();
    remote = RemoteBerth.connect(socket);
  }

  @AfterEach
  void stop() throws InterruptedException {
    remote.close();
    for (Thread watcher : watchers) {
      watcher.join(Duration.ofSeconds(10));
    }
    for (var c : berth.engine.containers().list(true)) {
      berth.engine.containers().remove(c.id(), true);
    }
    server.close();
    berth.close();
  }

  @Test
  void events_containerRun_startAndExitArriveInOrder() {
    List<AgentEvent> seen = watch(new EventQuery(null, List.of("container."), null, null, false));
    awaitSubscribed(1);

    String id = runToEnd("first", "exit 3");

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> seen.stream().anyMatch(e -> e.type().equals("container.exit")));
    assertThat(seen).extracting(AgentEvent::subject).containsOnly(id);
    assertThat(seen)
        .extracting(AgentEvent::type)
        .containsSubsequence("container.create", "container.start", "container.exit");
    assertThat(seen).extracting(AgentEvent::sequence).isSorted().doesNotHaveDuplicates();
    assertThat(seen.stream().filter(e -> e.type().equals("container.exit")).findFirst().get())
        .extracting(e -> e.attributes().get("exitCode"))
        .isEqualTo("3");
  }

  @Test
  void events_since_replaysOnlyTheNamedContainerThenGoesOnLive() {
    long before = lastSequence();
    String first = runToEnd("one", "true");
    runToEnd("two", "true");

    List<AgentEvent> seen =
        watch(
            new EventQuery(
                before, List.of("container.start", "container.exit"), null, "one", false));
    await().atMost(Duration.ofSeconds(20)).until(() -> seen.size() >= 2);
    remote.containers().remove(first, false);
    String again = runToEnd("one", "true");

    await().atMost(Duration.ofSeconds(20)).until(() -> seen.size() >= 4);
    assertThat(seen).extracting(AgentEvent::subject).containsExactly(first, first, again, again);
    assertThat(seen)
        .extracting(AgentEvent::type)
        .containsExactly("container.start", "container.exit", "container.start", "container.exit");
    assertThat(seen.getFirst().sequence()).isGreaterThan(before);
  }

  @Test
  void events_notices_onlyWhenAsked() {
    List<AgentEvent> plain = watch(new EventQuery(null, List.of("test."), null, null, false));
    List<AgentEvent> all = watch(new EventQuery(null, List.of("test."), null, null, true));
    awaitSubscribed(2);

    berth.engine.eventBus().notice("test.check", "web", Map.of("status", "passing"));
    berth.engine.eventBus().publish("test.kept", "web", Map.of());

    await().atMost(Duration.ofSeconds(10)).until(() -> plain.size() == 1 && all.size() == 2);
    assertThat(plain).extracting(AgentEvent::type).containsExactly("test.kept");
    assertThat(all).extracting(AgentEvent::type).containsExactly("test.check", "test.kept");
    assertThat(all.getFirst().sequence()).isZero();
  }

  @Test
  void events_serviceFilter_matchesSubjectOrServiceAttribute() {
    List<AgentEvent> seen = watch(new EventQuery(null, List.of(), "web", null, false));
    awaitSubscribed(1);

    berth.engine.eventBus().publish("service.start", "web", Map.of());
    berth.engine.eventBus().publish("service.start", "db", Map.of());
    berth.engine.eventBus().publish("task.exit", "0123abcd", Map.of("service", "web"));

    await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 2);
    assertThat(seen).extracting(AgentEvent::subject).containsExactly("web", "0123abcd");
  }

  @Test
  void events_onTheWire_areServerSentEventsResumedFromLastEventId() throws IOException {
    berth.engine.eventBus().publish("wire.one", "a", Map.of("k", "v"));
    long since = lastSequence() - 1;
    berth.engine.eventBus().publish("wire.two", "b", Map.of());

    try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
      channel.write(
          StandardCharsets.UTF_8.encode(
              "GET /v1/events?type=wire.one&type=wire.two HTTP/1.1\r\nHost: berth\r\n"
                  + "Last-Event-ID: "
                  + since
                  + "\r\nConnection: close\r\n\r\n"));
      String text = readUntil(Channels.newInputStream(channel), "event: wire.two", "keep-alive");

      assertThat(text).startsWith("HTTP/1.1 200").containsIgnoringCase("text/event-stream");
      assertThat(text)
          .contains("id: " + (since + 1) + "\nevent: wire.one\ndata: {\"sequence\":" + (since + 1))
          .contains("\"attributes\":{\"k\":\"v\"}")
          .contains("id: " + (since + 2) + "\nevent: wire.two\n")
          .contains(": keep-alive");
    }
    // the client has gone: the heartbeat notices, and the watch leaves the bus
    awaitSubscribed(0);
  }

  @Test
  void events_sinkThatStops_endsTheWatchOnTheAgent() {
    berth.engine.eventBus().publish("stop.one", "a", Map.of());
    List<AgentEvent> seen = new CopyOnWriteArrayList<>();

    remote
        .events()
        .watch(
            new EventQuery(0L, List.of("stop."), null, null, false),
            e -> {
              seen.add(e);
              return false;
            });

    assertThat(seen).extracting(AgentEvent::type).containsExactly("stop.one");
    awaitSubscribed(0);
  }

  @Test
  void events_badQuery_isAProblemBeforeTheStream() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                remote.events().watch(new EventQuery(null, List.of(), " ", null, false), e -> true))
        .isInstanceOf(io.berth.api.ApiException.class)
        .hasMessageContaining("'service' is empty");
  }

  private List<AgentEvent> watch(EventQuery query) {
    List<AgentEvent> seen = new CopyOnWriteArrayList<>();
    watchers.add(
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    remote.events().watch(query, e -> seen.add(e));
                  } catch (io.berth.api.ApiException e) {
                    // the client closed at the end of the test
                  }
                }));
    return seen;
  }

  private void awaitSubscribed(int count) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> berth.engine.eventBus().subscribers() == count);
  }

  private long lastSequence() {
    try {
      List<io.berth.events.Event> all = berth.engine.eventBus().history(0, Integer.MAX_VALUE);
      return all.isEmpty() ? 0 : all.getLast().sequence();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Runs a named container to its end through the API; returns its id. */
  private String runToEnd(String name, String script) {
    ContainerDetails created =
        remote
            .containers()
            .create(
                CreateContainer.builder(busybox.reference())
                    .name(name)
                    .command(List.of("sh", "-c", script))
                    .build(),
                PullProgress.NONE);
    remote.containers().start(created.id());
    remote.containers().await(created.id(), Duration.ofSeconds(30));
    return created.id();
  }

  /** Reads until every one of {@code marks} was seen. */
  private static String readUntil(InputStream in, String... marks) throws IOException {
    StringBuilder text = new StringBuilder();
    byte[] buffer = new byte[4096];
    while (!containsAll(text, marks)) {
      int n = in.read(buffer);
      if (n < 0) {
        break;
      }
      text.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
    }
    return text.toString().replace("\r\n", "\n");
  }

  private static boolean containsAll(StringBuilder text, String... marks) {
    for (String mark : marks) {
      if (text.indexOf(mark) < 0) {
        return false;
      }
    }
    return true;
  }
}
