package io.berth.demo;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code berth agent} as a process of its own, as a host runs it, for the demo's commands to reach
 * through its socket. Stopped on close by SIGTERM, as systemd stops it: it stops its containers.
 */
public final class DemoAgent implements AutoCloseable {
  private final Process process;
  private final Path socket;

  private DemoAgent(Process process, Path socket) {
    this.process = process;
    this.socket = socket;
  }

  /**
   * Runs {@code command} (a berth command line ending in {@code agent}), its output to {@code log},
   * and returns once something listens on {@code socket}; fails with the log's end if the agent
   * exits or does not listen within 30 s.
   */
  public static DemoAgent start(List<String> command, Path socket, Path log) throws IOException {
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
    DemoAgent agent = new DemoAgent(process, socket);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline && process.isAlive()) {
      if (Files.exists(socket)) {
        try (SocketChannel _ = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
          return agent;
        } catch (IOException e) {
          // bound but not listening yet, or a stale file
        }
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    agent.close();
    List<String> lines = Files.readAllLines(log);
    throw new IOException(
        "the agent did not start: "
            + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size())));
  }

  public Path socket() {
    return socket;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
