package io.berth.agent;

import io.berth.api.ApiException;
import io.berth.api.server.ApiServer;
import io.berth.api.server.Authenticator;
import io.berth.api.server.Principal;
import io.berth.os.JvmSignals;
import io.berth.os.SystemdNotify;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The long-running agent: the engine in supervisor mode behind the API on the local socket, and the
 * services of its configuration. It runs in the foreground, as systemd wants (and tells systemd
 * when it is ready, when it stops, and that it is alive), reloads its configuration on SIGHUP and
 * when the file changes, and on SIGTERM or SIGINT stops every service and container by its own
 * rules before it exits.
 */
public final class Agent {
  private static final Logger LOG = LoggerFactory.getLogger(Agent.class);
  private static final Duration WATCH_FILE = Duration.ofSeconds(2);

  private Agent() {}

  /** Runs the agent until it is told to stop; returns the process's exit code. */
  public static int run(Settings settings, AgentOptions options) throws Exception {
    Files.createDirectories(settings.state());
    Path socket = settings.state().resolve("berth.sock");
    CountDownLatch stopRequested = new CountDownLatch(1);
    CountDownLatch stopped = new CountDownLatch(1);
    Optional<SystemdNotify> systemd = SystemdNotify.fromEnvironment();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stopRequested.countDown();
                  try {
                    // the JVM waits for this hook: give every service its stop timeout
                    stopped.await(5, TimeUnit.MINUTES);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                },
                "berth-shutdown"));
    List<AutoCloseable> handlers = new ArrayList<>();
    ScheduledExecutorService timers =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("agent-timers").daemon().factory());
    try (Engine engine = Engine.open(settings, Engine.Mode.AGENT, options.recovery())) {
      ConfigManager config;
      try {
        config = engine.startServices(options.config());
      } catch (IOException | RuntimeException e) {
        // a bad configuration at start stops the agent, with the configuration's own message
        LOG.error("cannot start: {}", e.getMessage());
        System.err.println("berth agent: " + e.getMessage());
        return 1;
      }
      ApiServer.Builder api = ApiServer.builder(engine).unixSocket(socket);
      if (options.webhook() != null) {
        api.tcp(options.webhook(), webhookAuthenticator(options.webhookToken()));
      }
      ApiServer server = api.start();
      try {
        add(handlers, JvmSignals.handle("HUP", s -> Thread.ofVirtual().start(config::reload)));
        watchConfig(timers, config, options);
        notify(systemd, "READY=1\nSTATUS=serving on " + socket);
        SystemdNotify.watchdogInterval()
            .ifPresent(
                every ->
                    timers.scheduleAtFixedRate(
                        () -> notify(systemd, "WATCHDOG=1"),
                        0,
                        every.toMillis(),
                        TimeUnit.MILLISECONDS));
        LOG.info(
            "berth agent ready: API on {}{}, root {}, {} service(s)",
            socket,
            options.webhook() == null
                ? ""
                : ", registry webhook on "
                    + server
                        .tcpPort()
                        .map(p -> options.webhook().getHostString() + ":" + p)
                        .orElse("?"),
            settings.root(),
            config.status().services().size());
        stopRequested.await();
        notify(systemd, "STOPPING=1\nSTATUS=stopping services");
        LOG.info("berth agent stopping: stopping services and containers");
      } finally {
        server.close(); // no new requests while the containers stop
      }
      engine.stopAll();
    } finally {
      timers.shutdownNow();
      for (AutoCloseable handler : handlers) {
        handler.close();
      }
      stopped.countDown();
    }
    LOG.info("berth agent stopped");
    return 0;
  }

  private static void add(List<AutoCloseable> handlers, AutoCloseable handler) {
    if (handler != null) {
      handlers.add(handler);
    }
  }

  /** Reloads when the config file changes (by content, not by time), or on a timer for URLs. */
  private static void watchConfig(
      ScheduledExecutorService timers, ConfigManager config, AgentOptions options) {
    if (options.configFile() != null) {
      Path file = options.configFile();
      byte[][] last = {fingerprint(file)};
      timers.scheduleWithFixedDelay(
          () -> {
            byte[] now = fingerprint(file);
            if (!java.util.Arrays.equals(now, last[0])) {
              last[0] = now;
              LOG.info("{} changed: reloading", file);
              config.reload();
            }
          },
          WATCH_FILE.toMillis(),
          WATCH_FILE.toMillis(),
          TimeUnit.MILLISECONDS);
    }
    if (options.refresh() != null) {
      timers.scheduleWithFixedDelay(
          config::reload,
          options.refresh().toMillis(),
          options.refresh().toMillis(),
          TimeUnit.MILLISECONDS);
    }
  }

  private static byte[] fingerprint(Path file) {
    try {
      FileTime modified = Files.getLastModifiedTime(file);
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(Files.readAllBytes(file));
      digest.update(modified.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return digest.digest();
    } catch (IOException | java.security.NoSuchAlgorithmException e) {
      return new byte[0];
    }
  }

  /** Registries reach the webhook over TCP; with a token, only a caller that sends it. */
  static Authenticator webhookAuthenticator(String token) {
    Principal registry = new Principal("registry webhook", Principal.Role.HOOK);
    if (token == null || token.isBlank()) {
      return caller -> registry;
    }
    byte[] expected = ("Bearer " + token).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return caller -> {
      byte[] given =
          caller.authorization() == null
              ? new byte[0]
              : caller.authorization().getBytes(java.nio.charset.StandardCharsets.UTF_8);
      if (!MessageDigest.isEqual(expected, given)) {
        throw new ApiException(
            ApiException.Kind.UNAUTHORIZED, "the webhook needs its bearer token");
      }
      return registry;
    };
  }

  private static void notify(Optional<SystemdNotify> systemd, String state) {
    systemd.ifPresent(
        s -> {
          try {
            s.send(state);
          } catch (IOException e) {
            LOG.warn("cannot notify systemd: {}", e.getMessage());
          }
        });
  }
}
