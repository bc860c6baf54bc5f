package io.berth.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.berth.api.ApiException;
import io.berth.api.ContainerDetails;
import io.berth.api.ContainerFile;
import io.berth.api.ContainerStatus;
import io.berth.api.CreateContainer;
import io.berth.api.PullProgress;
import io.berth.api.client.RemoteBerth;
import io.berth.api.server.ApiServer;
import io.berth.testing.Busybox;
import io.berth.testing.PushedImage;
import io.berth.testing.TestImages;
import io.berth.testing.TestRegistry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * BoatLoad's container extras of a real engine, over its real Unix socket: the state document, a
 * running container's files (listed, read, by index, never outside it) and the archive of its
 * writable layer.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ContainerFilesApiTest {
  private static final String SETUP =
      "mkdir -p /data/sub && printf 'hello\\n' > /data/a.txt && ln -s /data/a.txt /data/link"
          + " && rm /bin/wc && touch /data/ready && ";

  private static TestRegistry registry;
  private static PushedImage busybox;
  private ContainerFixture berth;
  private ApiServer server;
  private RemoteBerth remote;
  private Path socket;

  @BeforeAll
  static void startRegistry() {
    registry = TestRegistry.plain();
    busybox = TestImages.busybox(registry, "files/busybox:1", Busybox.config());
  }

  @AfterAll
  static void stopRegistry() {
    registry.close();
  }

  @BeforeEach
  void start() throws IOException {
    berth = new ContainerFixture(registry);
    socket = berth.home.state().resolve("berth.sock");
    server = ApiServer.builder(berth.engine).unixSocket(socket).start();
    remote = RemoteBerth.connect(socket);
  }

  @AfterEach
  void stop() {
    remote.close();
    for (var c : berth.engine.containers().list(true)) {
      berth.engine.containers().remove(c.id(), true);
    }
    server.close();
    berth.close();
  }

  @Test
  void state_runningContainer_isBerthsRecordAndRuncsStateInOneDocument() {
    String id = running("sleep 60", false);

    ContainerStatus state = remote.containers().state(id);

    assertThat(state.berth().id()).isEqualTo(id);
    assertThat(state.berth().state()).isEqualTo("running");
    assertThat(state.runtime().path("id").asText()).isEqualTo(id);
    assertThat(state.runtime().path("status").asText()).isEqualTo("running");
    assertThat(state.runtime().path("pid").asInt()).isEqualTo(state.berth().pid());
  }

  @Test
  void state_unknownContainer_isNotFound() {
    assertThatThrownBy(() -> remote.containers().state("nosuch"))
        .isInstanceOf(ApiException.class)
        .extracting(e -> ((ApiException) e).kind())
        .isEqualTo(ApiException.Kind.NOT_FOUND);
  }

  @Test
  void files_directory_isListedByNameWithTypesAndLinkTargets() {
    String id = running(SETUP + "sleep 60", true);

    List<ContainerFile> files = remote.containers().listFiles(id, "/data");

    assertThat(files)
        .extracting(ContainerFile::name)
        .containsExactly("a.txt", "link", "ready", "sub");
    assertThat(files).extracting(ContainerFile::index).containsExactly(0, 1, 2, 3);
    assertThat(files)
        .extracting(ContainerFile::type)
        .containsExactly("file", "symlink", "file", "directory");
    assertThat(files.getFirst().path()).isEqualTo("/data/a.txt");
    assertThat(files.getFirst().size()).isEqualTo(6);
    assertThat(files.get(1).target()).isEqualTo("/data/a.txt");
  }

  @Test
  void files_readByPathAndByIndex_giveTheContent() {
    String id = running(SETUP + "sleep 60", true);

    assertThat(text(remote.containers().readFile(id, "/data/a.txt"))).isEqualTo("hello\n");
    assertThat(text(remote.containers().readFile(id, "/data/link"))).isEqualTo("hello\n");
    assertThat(text(remote.containers().readFile(id, "/data", 0))).isEqualTo("hello\n");
    assertThatThrownBy(() -> remote.containers().readFile(id, "/data", 3))
        .hasMessageContaining("sub, a directory");
    assertThatThrownBy(() -> remote.containers().readFile(id, "/data", 9))
        .hasMessageContaining("has 4 entries");
    assertThatThrownBy(() -> remote.containers().readFile(id, "/data/none"))
        .extracting(e -> ((ApiException) e).kind())
        .isEqualTo(ApiException.Kind.NOT_FOUND);
  }

  @Test
  void files_pathsThatLeaveTheContainer_areRefused() throws IOException {
    Path marker = Files.createTempFile("berth-host-", ".txt");
    Files.writeString(marker, "host secret");
    try {
      String link = "../../../../../../../.." + marker;
      String id = running(SETUP + "ln -s " + link + " /data/escape && sleep 60", true);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> remote.containers().listFiles(id, "/data").size() == 5);

      assertThatThrownBy(() -> remote.containers().readFile(id, "/data/../../etc/passwd"))
          .hasMessageContaining("climbs with '..'");
      assertThatThrownBy(() -> remote.containers().listFiles(id, "/data/.."))
          .hasMessageContaining("climbs with '..'");
      assertThatThrownBy(() -> remote.containers().listFiles(id, "data"))
          .hasMessageContaining("absolute");
      // the link resolves inside the container, where there is no such file
      assertThatThrownBy(() -> remote.containers().readFile(id, "/data/escape"))
          .extracting(e -> ((ApiException) e).kind())
          .isEqualTo(ApiException.Kind.NOT_FOUND);
      assertThat(raw("/v1/containers/" + id + "/files/%2E%2E/%2E%2E" + marker))
          .startsWith("HTTP/1.1 400")
          .contains("application/problem+json");
    } finally {
      Files.delete(marker);
    }
  }

  @Test
  void files_ofAStoppedContainer_areAConflict() {
    String id = running("true", false);
    remote.containers().await(id, Duration.ofSeconds(30));

    assertThatThrownBy(() -> remote.containers().listFiles(id, "/"))
        .extracting(e -> ((ApiException) e).kind())
        .isEqualTo(ApiException.Kind.CONFLICT);
  }

  @Test
  void archive_writableContainer_holdsItsChangesAsALayer() throws IOException {
    String id = running(SETUP + "sleep 60", true);

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    remote.containers().archive(id, out);

    Map<String, TarArchiveEntry> entries = new LinkedHashMap<>();
    Map<String, String> contents = new LinkedHashMap<>();
    try (TarArchiveInputStream tar =
        new TarArchiveInputStream(
            new GzipCompressorInputStream(new ByteArrayInputStream(out.toByteArray())))) {
      for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
        entries.put(e.getName(), e);
        contents.put(e.getName(), new String(tar.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    assertThat(contents).containsEntry("data/a.txt", "hello\n").containsKey("bin/.wh.wc");
    assertThat(entries.get("data/").isDirectory()).isTrue();
    assertThat(entries.get("data/link").isSymbolicLink()).isTrue();
    assertThat(entries.get("data/link").getLinkName()).isEqualTo("/data/a.txt");
    assertThat(entries.keySet()).noneMatch(name -> name.startsWith("etc/host"));
  }

  @Test
  void archive_unknownContainer_isAProblemNotAnEmptyArchive() {
    assertThat(raw("/v1/containers/nosuch/archive"))
        .startsWith("HTTP/1.1 404")
        .contains("application/problem+json");
  }

  /** A container started through the API; with {@code writable}, once its setup is done. */
  private String running(String script, boolean writable) {
    ContainerDetails created =
        remote
            .containers()
            .create(
                CreateContainer.builder(busybox.reference())
                    .command(List.of("sh", "-c", script))
                    .writable(writable)
                    .build(),
                PullProgress.NONE);
    remote.containers().start(created.id());
    if (script.startsWith(SETUP)) {
      await()
          .atMost(Duration.ofSeconds(20))
          .ignoreExceptions()
          .until(
              () ->
                  remote.containers().listFiles(created.id(), "/data").stream()
                      .anyMatch(f -> f.name().equals("ready")));
    }
    return created.id();
  }

  private String raw(String target) {
    try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
      channel.write(
          StandardCharsets.UTF_8.encode(
              "GET " + target + " HTTP/1.1\r\nHost: berth\r\nConnection: close\r\n\r\n"));
      return new String(Channels.newInputStream(channel).readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
