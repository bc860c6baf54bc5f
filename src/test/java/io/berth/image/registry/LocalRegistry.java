package io.berth.image.registry;

import io.berth.spec.ImageRef;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The CNCF distribution registry ({@code /usr/bin/docker-registry}) on a free loopback port with
 * its storage in a temporary directory, for this package's tests. Small on purpose, so that the
 * shared test harness can replace it.
 */
final class LocalRegistry implements AutoCloseable {
  private static final Path BINARY = Path.of("/usr/bin/docker-registry");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

  /** How the registry authenticates, and whether it serves TLS; null parts are off. */
  record Options(String htpasswd, String tokenRealm, Path tokenCert, TestPki tls) {
    static Options plain() {
      return new Options(null, null, null, null);
    }

    static Options basicAuth(String htpasswdLine) {
      return new Options(htpasswdLine, null, null, null);
    }

    static Options tokenAuth(String realm, Path rootCert) {
      return new Options(null, realm, rootCert, null);
    }

    static Options tls(TestPki pki) {
      return new Options(null, null, null, pki);
    }
  }

  static final String TOKEN_SERVICE = "berth-test-registry";
  static final String TOKEN_ISSUER = "berth-test-issuer";

  private final Process process;
  private final int port;
  private final Path log;

  private LocalRegistry(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  static LocalRegistry start(Path dir, Options options) throws IOException, InterruptedException {
    int port = freePort();
    StringBuilder config = new StringBuilder();
    config.append(
        """
        version: 0.1
        log:
          level: warn
          accesslog:
            disabled: true
        storage:
          filesystem:
            rootdirectory: %s
          delete:
            enabled: true
        http:
          addr: 127.0.0.1:%d
          secret: berth-test-secret
        """
            .formatted(dir.resolve("storage"), port));
    if (options.tls() != null) {
      config.append(
          """
            tls:
              certificate: %s
              key: %s
          """
              .formatted(options.tls().serverCert(), options.tls().serverKey()));
    }
    if (options.htpasswd() != null) {
      Path file = dir.resolve("htpasswd");
      Files.writeString(file, options.htpasswd() + "\n");
      config.append(
          """
          auth:
            htpasswd:
              realm: berth-test
              path: %s
          """
              .formatted(file));
    }
    if (options.tokenRealm() != null) {
      config.append(
          """
          auth:
            token:
              realm: %s
              service: %s
              issuer: %s
              rootcertbundle: %s
          """
              .formatted(options.tokenRealm(), TOKEN_SERVICE, TOKEN_ISSUER, options.tokenCert()));
    }
    Path configFile = dir.resolve("config.yml");
    Files.writeString(configFile, config);
    Path log = dir.resolve("registry.log");
    Process process =
        new ProcessBuilder(BINARY.toString(), "serve", configFile.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    LocalRegistry registry = new LocalRegistry(process, port, log);
    try {
      registry.awaitListening();
    } catch (IOException | InterruptedException | RuntimeException e) {
      registry.close();
      throw e;
    }
    return registry;
  }

  /** A bcrypt htpasswd line, as distribution requires, made by apache2-utils. */
  static String htpasswd(Path dir, String user, String password)
      throws IOException, InterruptedException {
    return Processes.run(dir, "htpasswd", "-Bbn", user, password).strip();
  }

  int port() {
    return port;
  }

  String authority() {
    return "127.0.0.1:" + port;
  }

  ImageRef ref(String repositoryAndTag) {
    return ImageRef.parse(authority() + "/" + repositoryAndTag);
  }

  private void awaitListening() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("the registry exited: " + logText());
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
        return;
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    throw new IOException("the registry did not listen within " + START_TIMEOUT + ": " + logText());
  }

  String logText() throws IOException {
    return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
