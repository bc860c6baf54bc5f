package io.berth.api.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.api.ApiException;
import io.berth.api.FakeBerth;
import io.berth.api.client.RemoteBerth;
import io.berth.testing.TempDirectory;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The agent's socket: private from the start, one agent at a time, stale files cleared. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class UnixSocketTest {
  private TempDirectory directory;
  private Path socket;
  private final FakeBerth fake = new FakeBerth();

  @BeforeEach
  void createDirectory() {
    directory = TempDirectory.create("berth-sock-");
    socket = directory.resolve("berth.sock");
  }

  @AfterEach
  void deleteDirectory() {
    directory.close();
  }

  @Test
  void socket_isMode0600() throws Exception {
    try (ApiServer server = start()) {
      assertThat(Files.getPosixFilePermissions(socket, LinkOption.NOFOLLOW_LINKS))
          .isEqualTo(PosixFilePermissions.fromString("rw-------"));
      assertThat(server.socket()).contains(socket);
      assertThat(directory.path())
          .isDirectoryNotContaining(p -> p.getFileName().toString().startsWith(".berth"));
    }
  }

  @Test
  void secondServer_onTheSameSocket_refusesWithAClearMessage() throws Exception {
    try (ApiServer _ = start()) {
      assertThatThrownBy(this::start)
          .isInstanceOfSatisfying(
              ApiException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(ApiException.Kind.CONFLICT);
                assertThat(e)
                    .hasMessage(
                        "another berth agent (pid %d) serves %s; stop it first, or give this one another state directory"
                            .formatted(ProcessHandle.current().pid(), socket));
              });

      ping(); // the first one still serves
    }
  }

  @Test
  void somethingElseAnswering_onTheSocket_isLeftAlone() throws Exception {
    try (ServerSocketChannel other = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      other.bind(UnixDomainSocketAddress.of(socket));

      assertThatThrownBy(this::start)
          .isInstanceOfSatisfying(
              ApiException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(ApiException.Kind.CONFLICT);
                assertThat(e).hasMessageStartingWith("something already answers on " + socket);
              });
      assertThat(socket).exists();
    }
  }

  @Test
  void staleSocket_thatNoOneAnswers_isReplaced() throws Exception {
    try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      dead.bind(UnixDomainSocketAddress.of(socket));
    }
    assertThat(socket).exists();

    try (ApiServer _ = start()) {
      ping();
      assertThat(Files.getPosixFilePermissions(socket, LinkOption.NOFOLLOW_LINKS))
          .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }
  }

  @Test
  void fileThatIsNoSocket_isLeftAlone() throws Exception {
    Files.writeString(socket, "precious");

    assertThatThrownBy(this::start)
        .isInstanceOfSatisfying(
            ApiException.class,
            e ->
                assertThat(e)
                    .hasMessage(socket + " exists and is not a socket; move it away first"));
    assertThat(socket).hasContent("precious");
  }

  @Test
  void close_removesTheSocket_andTheNextAgentStarts() throws Exception {
    start().close();
    assertThat(socket).doesNotExist();

    try (ApiServer _ = start()) {
      ping();
    }
  }

  @Test
  void missingStateDirectory_isCreatedPrivate() throws Exception {
    socket = directory.resolve("run/berth/berth.sock");

    try (ApiServer _ = start()) {
      ping();
      assertThat(Files.getPosixFilePermissions(socket.getParent()))
          .isEqualTo(PosixFilePermissions.fromString("rwx------"));
    }
  }

  @Test
  void socketPathTooLong_isRefusedBeforeBinding() {
    socket = directory.resolve("x".repeat(100)).resolve("berth.sock");

    assertThatThrownBy(this::start)
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> assertThat(e).hasMessageContaining("a Unix socket path holds at most 107"));
  }

  private ApiServer start() throws Exception {
    return ApiServer.builder(fake).unixSocket(socket).start();
  }

  private void ping() {
    try (RemoteBerth client = RemoteBerth.connect(socket)) {
      client.ping();
    }
  }
}
