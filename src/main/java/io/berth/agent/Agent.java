package io.berth.agent;

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
 * {@code berth agent}: an {@link EmbeddedAgent} in the foreground, as systemd wants (it tells
 * systemd when it is ready, when it stops, and that it is alive); it reloads its configuration on
 * SIGHUP, when the file changes and on a timer for URLs, and on SIGTERM or SIGINT stops every
 * service and container by its own rules before it exits.
 */
public final class Agent {
  private static final Logger LOG = LoggerFactory.getLogger(Agent.class);
  private static final Duration WATCH_FILE = Duration.ofSeconds(2);

  private Agent() {}

  /** Runs the agent until it is told to stop; returns the process's exit code. */
  public static int run(Settings settings, AgentOptions options) throws Exception {
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
    try {
      EmbeddedAgent agent;
      try {
        agent = EmbeddedAgent.start(settings, options);
      } catch (IOException | RuntimeException e) {
        // a bad configuration at start stops the agent, with the configuration's own message
        LOG.error("cannot start: {}", e.getMessage());
        System.err.println("berth agent: " + e.getMessage());
        return 1;
      }
      try (agent) {
        AutoCloseable hup = JvmSignals.handle("HUP", s -> Thread.ofVirtual().start(agent::reload));
        if (hup != null) {
          handlers.add(hup);
        }
        AutoCloseable usr1 =
            JvmSignals.handle(
                "USR1",
                s ->
                    Thread.ofVirtual()
                        .start(
                            () ->
                                LOG.info(
                                    "SIGUSR1: services in maintenance: {}",
                                    agent.toggleMaintenance())));
        if (usr1 != null) {
          handlers.add(usr1);
        }
        watchConfig(timers, agent, options);
        notify(systemd, "READY=1\nSTATUS=serving on " + agent.socket());
        SystemdNotify.watchdogInterval()
            .ifPresent(
                every ->
                    timers.scheduleAtFixedRate(
                        () -> notify(systemd, "WATCHDOG=1"),
                        0,
                        every.toMillis(),
                        TimeUnit.MILLISECONDS));
        LOG.info(
            "berth agent ready: API on {}{}{}, root {}, {} service(s)",
            agent.socket(),
            agent.webhookPort().map(p -> ", registry webhook on port " + p).orElse(""),
            agent.metricsPort().map(p -> ", metrics on port " + p).orElse(""),
            settings.root(),
            agent.config().status().services().size());
        stopRequested.await();
        notify(systemd, "STOPPING=1\nSTATUS=stopping services");
        LOG.info("berth agent stopping: stopping services and containers");
      }
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

  /** Reloads when the config file changes (by content, not by time), or on a timer for URLs. */
  private static void watchConfig(
      ScheduledExecutorService timers, EmbeddedAgent agent, AgentOptions options) {
    if (options.configFile() != null) {
      Path file = options.configFile();
      byte[][] last = {fingerprint(file)};
      timers.scheduleWithFixedDelay(
          () -> {
            byte[] now = fingerprint(file);
            if (!java.util.Arrays.equals(now, last[0])) {
              last[0] = now;
              LOG.info("{} changed: reloading", file);
              agent.reload();
            }
          },
          WATCH_FILE.toMillis(),
          WATCH_FILE.toMillis(),
          TimeUnit.MILLISECONDS);
    }
    if (options.refresh() != null) {
      timers.scheduleWithFixedDelay(
          agent::reload,
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
