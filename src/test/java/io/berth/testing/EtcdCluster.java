package io.berth.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A real etcd cluster (Debian's {@code etcd}, 3.4) of one or three members on free loopback ports,
 * with its data in memory ({@code /dev/shm}) in a directory of its own. Close it to stop every
 * member it started (by its own process handle) and delete the directory.
 *
 * <pre>{@code
 * try (EtcdCluster etcd = EtcdCluster.single()) {
 *   etcd.endpoints();                 // [http://127.0.0.1:41234]
 * }
 * try (EtcdCluster etcd = EtcdCluster.builder().members(3).start()) {
 *   etcd.member(1).kill();            // a crash; the other two keep a quorum
 *   etcd.member(1).start();           // back, same data and ports
 * }
 * try (EtcdCluster etcd = EtcdCluster.builder().tls().start()) {
 *   etcd.tls().orElseThrow().caCertificate();
 *   etcd.clientCertificate();         // etcd requires one (--client-cert-auth)
 * }
 * }</pre>
 *
 * Elections are tuned for loopback (50 ms heartbeats, 500 ms election timeout): a failover takes
 * about a second, and the shortest lease etcd grants is 1 second.
 */
public final class EtcdCluster implements AutoCloseable {
  private static final int PORT_ATTEMPTS = 5;

  private final TempDirectory directory;
  private final List<EtcdServer> members;
  private final TlsMaterial tls;
  private final ClientCertificate clientCertificate;
  private final HttpClient http;

  private EtcdCluster(
      TempDirectory directory,
      List<EtcdServer> members,
      TlsMaterial tls,
      ClientCertificate clientCertificate,
      HttpClient http) {
    this.directory = directory;
    this.members = List.copyOf(members);
    this.tls = tls;
    this.clientCertificate = clientCertificate;
    this.http = http;
  }

  /** One member, plain HTTP, no authentication. */
  public static EtcdCluster single() {
    return builder().start();
  }

  public static Builder builder() {
    return new Builder();
  }

  public List<EtcdServer> members() {
    return members;
  }

  public EtcdServer member(int index) {
    return members.get(index);
  }

  /** Every member's client URL. */
  public List<URI> endpoints() {
    return members.stream().map(EtcdServer::clientUrl).toList();
  }

  /** The CA and server certificate; empty without TLS. */
  public Optional<TlsMaterial> tls() {
    return Optional.ofNullable(tls);
  }

  /** The client certificate etcd requires with TLS. */
  public ClientCertificate clientCertificate() {
    if (clientCertificate == null) {
      throw new IllegalStateException("this cluster has no TLS");
    }
    return clientCertificate;
  }

  /** A directory of the cluster's own for test files (password files, say). */
  public Path directory() {
    return directory.path();
  }

  /**
   * Turns on authentication: creates the user {@code root} (its name must be {@code root}, as etcd
   * requires) and enables auth. Afterwards every request needs a user.
   */
  public void enableAuth(Credentials root) {
    etcdctl(null, "user", "add", root.username(), "--new-user-password=" + root.password());
    etcdctl(null, "auth", "enable");
  }

  /**
   * Adds {@code user}, allowed to read and write the keys under {@code prefix} and nothing else,
   * acting as {@code root} (auth must be on).
   */
  public void addUser(Credentials root, Credentials user, String prefix) {
    String role = user.username() + "-role";
    etcdctl(root, "user", "add", user.username(), "--new-user-password=" + user.password());
    etcdctl(root, "role", "add", role);
    etcdctl(root, "role", "grant-permission", role, "--prefix=true", "readwrite", prefix);
    etcdctl(root, "user", "grant-role", user.username(), role);
  }

  /** Runs etcdctl against the cluster (as {@code user} when given); returns its output. */
  public String etcdctl(Credentials user, String... arguments) {
    Tools.require("etcdctl", "etcd-client");
    List<String> argv = new ArrayList<>();
    argv.add("etcdctl");
    argv.add(
        "--endpoints="
            + members.stream()
                .filter(EtcdServer::isRunning)
                .map(m -> m.clientUrl().toString())
                .collect(Collectors.joining(",")));
    if (tls != null) {
      argv.add("--cacert=" + tls.caCertificate());
      argv.add("--cert=" + clientCertificate.certificate());
      argv.add("--key=" + clientCertificate.key());
    }
    if (user != null) {
      argv.add("--user=" + user.username());
      argv.add("--password=" + user.password());
    }
    argv.addAll(List.of(arguments));
    return Command.of(argv).withTimeout(Duration.ofSeconds(30)).run();
  }

  /** Every member's log, to show when a test fails. */
  public String log() {
    return members.stream().map(EtcdServer::log).collect(Collectors.joining("\n"));
  }

  @Override
  public void close() {
    try {
      for (EtcdServer member : members) {
        member.stop();
      }
    } finally {
      http.close();
      directory.close();
    }
  }

  @Override
  public String toString() {
    return "EtcdCluster" + members;
  }

  /** What cluster to start. */
  public static final class Builder {
    private int members = 1;
    private boolean tls;

    private Builder() {}

    /** 1 or 3. */
    public Builder members(int count) {
      if (count != 1 && count != 3) {
        throw new IllegalArgumentException("an etcd cluster here has 1 or 3 members, not " + count);
      }
      this.members = count;
      return this;
    }

    /**
     * Clients talk HTTPS with a certificate from a private CA and must present a client certificate
     * signed by it (peers talk plain HTTP on loopback).
     */
    public Builder tls() {
      this.tls = true;
      return this;
    }

    public EtcdCluster start() {
      Tools.require("etcd", "etcd-server");
      TempDirectory directory = TempDirectory.inMemory("berth-etcd-");
      try {
        TlsMaterial material = tls ? TlsMaterial.generate(directory.path()) : null;
        ClientCertificate client =
            material == null ? null : material.issueClientCertificate("berth-test-client");
        HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2));
        if (material != null) {
          http.sslContext(material.clientContext(client));
        }
        return launch(directory, material, client, http.build());
      } catch (RuntimeException | Error e) {
        directory.close();
        throw e;
      }
    }

    private EtcdCluster launch(
        TempDirectory directory, TlsMaterial material, ClientCertificate client, HttpClient http) {
      for (int attempt = 1; ; attempt++) {
        List<EtcdServer> servers = configure(directory.path(), material, http, attempt);
        try {
          servers.forEach(EtcdServer::launch);
          servers.forEach(EtcdServer::awaitHealthy);
          return new EtcdCluster(directory, servers, material, client, http);
        } catch (RuntimeException e) {
          servers.forEach(EtcdServer::stop);
          boolean portTaken = servers.stream().anyMatch(EtcdServer::lostItsPort);
          if (!portTaken || attempt == PORT_ATTEMPTS) {
            http.close();
            throw e;
          }
        }
      }
    }

    private List<EtcdServer> configure(
        Path directory, TlsMaterial material, HttpClient http, int attempt) {
      String clientScheme = material == null ? "http" : "https";
      String token = "berth-test-" + UUID.randomUUID();
      List<URI> clientUrls = new ArrayList<>();
      List<URI> peerUrls = new ArrayList<>();
      for (int i = 0; i < members; i++) {
        clientUrls.add(URI.create(clientScheme + "://127.0.0.1:" + FreePort.find()));
        peerUrls.add(URI.create("http://127.0.0.1:" + FreePort.find()));
      }
      String initialCluster = "";
      for (int i = 0; i < members; i++) {
        initialCluster += (i == 0 ? "" : ",") + name(i) + "=" + peerUrls.get(i);
      }
      List<EtcdServer> servers = new ArrayList<>();
      for (int i = 0; i < members; i++) {
        String name = name(i);
        List<String> argv = new ArrayList<>();
        argv.addAll(
            List.of(
                "etcd",
                "--name=" + name,
                "--data-dir=" + directory.resolve(name + "-" + attempt + ".etcd"),
                "--listen-client-urls=" + clientUrls.get(i),
                "--advertise-client-urls=" + clientUrls.get(i),
                "--listen-peer-urls=" + peerUrls.get(i),
                "--initial-advertise-peer-urls=" + peerUrls.get(i),
                "--initial-cluster=" + initialCluster,
                "--initial-cluster-state=new",
                "--initial-cluster-token=" + token,
                "--heartbeat-interval=50",
                "--election-timeout=500",
                "--logger=zap",
                "--log-outputs=stderr"));
        if (material != null) {
          argv.addAll(
              List.of(
                  "--cert-file=" + material.serverCertificate(),
                  "--key-file=" + material.serverKey(),
                  "--trusted-ca-file=" + material.caCertificate(),
                  "--client-cert-auth"));
        }
        servers.add(
            new EtcdServer(
                name,
                name + "-attempt" + attempt,
                argv,
                directory,
                clientUrls.get(i),
                peerUrls.get(i),
                http));
      }
      return servers;
    }

    private static String name(int index) {
      return "member" + index;
    }
  }
}
