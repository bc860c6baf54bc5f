package io.berth.agent;

import io.berth.api.server.ApiServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The long-running agent: the engine in supervisor mode behind the API on the local socket. It runs
 * in the foreground, as systemd wants, and on SIGTERM or SIGINT stops every container by its own
 * rules before it exits.
 */
public final class Agent {
  private static final Logger LOG = LoggerFactory.getLogger(Agent.class);

  private Agent() {}

  /** Runs the agent until it is told to stop; returns the process's exit code. */
  public static int run(Settings settings, Engine.Recovery recovery) throws Exception {
    Files.createDirectories(settings.state());
    Path socket = settings.state().resolve("berth.sock");
    CountDownLatch stopRequested = new CountDownLatch(1);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stopRequested.countDown();
                  try {
                    // the JVM waits for this hook: give every container its stop timeout
                    stopped.await(5, TimeUnit.MINUTES);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                },
                "berth-shutdown"));
    try (Engine engine = Engine.open(settings, Engine.Mode.AGENT, recovery)) {
      ApiServer server = ApiServer.builder(engine).unixSocket(socket).start();
      try {
        LOG.info("berth agent ready: API on {}, root {}", socket, settings.root());
        stopRequested.await();
        LOG.info("berth agent stopping: stopping containers");
      } finally {
        server.close(); // no new requests while the containers stop
      }
      engine.stopAll();
    } finally {
      stopped.countDown();
    }
    LOG.info("berth agent stopped");
    return 0;
  }
}
