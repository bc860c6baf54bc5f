package io.berth.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One member of an {@link EtcdCluster}: Debian's {@code etcd} on two loopback ports (clients and
 * peers), its data in the cluster's directory. A test can stop it (SIGTERM), kill it (SIGKILL, as a
 * crash) and start it again with the same data, ports and flags.
 */
public final class EtcdServer {
  private static final Duration HEALTHY = Duration.ofSeconds(30);
  private static final Pattern WATCHERS =
      Pattern.compile("(?m)^etcd_debugging_mvcc_watcher_total (\\d+(?:\\.\\d+)?(?:e[+-]?\\d+)?)");

  private final String name;
  private final String logName;
  private final List<String> argv;
  private final Path directory;
  private final URI clientUrl;
  private final URI peerUrl;
  private final HttpClient http;
  private BackgroundProcess process;
  private int starts;

  EtcdServer(
      String name,
      String logName,
      List<String> argv,
      Path directory,
      URI clientUrl,
      URI peerUrl,
      HttpClient http) {
    this.name = name;
    this.logName = logName;
    this.argv = List.copyOf(argv);
    this.directory = directory;
    this.clientUrl = clientUrl;
    this.peerUrl = peerUrl;
    this.http = http;
  }

  public String name() {
    return name;
  }

  /** Where clients connect: {@code http://127.0.0.1:PORT}, or {@code https://} with TLS. */
  public URI clientUrl() {
    return clientUrl;
  }

  public URI peerUrl() {
    return peerUrl;
  }

  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** The process, while it runs, so a test can check it is gone after close. */
  public synchronized ProcessHandle processHandle() {
    if (process == null) {
      throw new IllegalStateException(name + " is not running");
    }
    return process.handle();
  }

  /** Starts the member (again): same data, ports and flags. Does not wait for it. */
  public synchronized void launch() {
    if (isRunning()) {
      throw new IllegalStateException(name + " is already running");
    }
    starts++;
    process =
        BackgroundProcess.start(
            argv,
            directory,
            directory.resolve(logName + "-" + starts + ".log"),
            // ETCD_* variables are flags to etcd; none from the host may leak in
            env -> env.keySet().removeIf(key -> key.startsWith("ETCD")));
  }

  /** Starts a stopped member and waits until it is healthy (it has a leader). */
  public void start() {
    launch();
    awaitHealthy();
  }

  /** SIGTERM: a clean shutdown. */
  public synchronized void stop() {
    if (process != null) {
      process.close();
    }
  }

  /** SIGKILL: a crash. */
  public synchronized void kill() {
    if (process != null) {
      process.kill();
    }
  }

  /** Waits until {@code /health} says true, or fails with the member's log. */
  public void awaitHealthy() {
    Instant deadline = Instant.now().plus(HEALTHY);
    String last = "no answer";
    while (Instant.now().isBefore(deadline)) {
      if (!isRunning()) {
        throw new IllegalStateException(
            "etcd member %s exited; its log:%n%s".formatted(name, log()));
      }
      try {
        HttpResponse<String> response = get("/health");
        last = response.statusCode() + " " + response.body();
        if (response.statusCode() == 200 && response.body().contains("\"health\":\"true\"")) {
          return;
        }
      } catch (IOException e) {
        last = e.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + name, e);
      }
      sleep(Duration.ofMillis(50));
    }
    throw new IllegalStateException(
        "etcd member %s not healthy within %s (last: %s); its log:%n%s"
            .formatted(name, HEALTHY, last, log()));
  }

  /** True when the log says its port was taken by someone else before it bound it. */
  boolean lostItsPort() {
    return log().contains("address already in use");
  }

  /** How many watchers this member serves now (its {@code /metrics}). */
  public long watchers() {
    try {
      HttpResponse<String> response = get("/metrics");
      Matcher m = WATCHERS.matcher(response.body());
      if (!m.find()) {
        throw new IllegalStateException(name + " /metrics has no watcher gauge");
      }
      return (long) Double.parseDouble(m.group(1));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + name + "'s metrics: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(clientUrl.resolve(path)).timeout(Duration.ofSeconds(2)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Everything every run of this member has logged. */
  public synchronized String log() {
    StringBuilder all = new StringBuilder();
    for (int i = 1; i <= starts; i++) {
      Path file = directory.resolve(logName + "-" + i + ".log");
      try {
        all.append("--- ").append(file.getFileName()).append('\n');
        all.append(java.nio.file.Files.readString(file));
      } catch (IOException e) {
        all.append("(cannot read ").append(file).append(")\n");
      }
    }
    return all.toString();
  }

  @Override
  public String toString() {
    return "EtcdServer[" + name + " " + clientUrl + (isRunning() ? "" : ", stopped") + "]";
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
