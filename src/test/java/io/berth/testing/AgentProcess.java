package io.berth.testing;

import io.berth.api.client.RemoteBerth;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code berth agent} as a process of its own over a {@link BerthHome}, started from the test's
 * class path, so a test can crash it (SIGKILL), stop it (SIGTERM) and start another over the same
 * root and state. Stopped by its pid when closed.
 */
public final class AgentProcess implements AutoCloseable {
  private final Process process;
  private final BerthHome home;
  private final Path log;

  private AgentProcess(Process process, BerthHome home, Path log) {
    this.process = process;
    this.home = home;
    this.log = log;
  }

  /** Starts an agent and waits until its API answers (30 s at most). */
  public static AgentProcess start(BerthHome home, String... agentOptions) {
    return start(home, environment -> {}, agentOptions);
  }

  /**
   * Starts an agent with its environment changed by {@code environment} (given one with {@code
   * BERTH_LOG_LEVEL=INFO}), and waits until its API answers (30 s at most).
   */
  public static AgentProcess start(
      BerthHome home, Consumer<Map<String, String>> environment, String... agentOptions) {
    Path log = home.directory().resolve("agent-" + System.nanoTime() + ".log");
    List<String> command = command(home, agentOptions);
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("BERTH_LOG_LEVEL", "INFO");
    environment.accept(builder.environment());
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start berth agent", e);
    }
    AgentProcess agent = new AgentProcess(process, home, log);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "berth agent exited with " + process.exitValue() + ":\n" + agent.log());
      }
      Optional<io.berth.api.Berth> client =
          RemoteBerth.connectIfListening(home.state().resolve("berth.sock"));
      if (client.isPresent()) {
        client.get().close();
        return agent;
      }
      sleep(Duration.ofMillis(50));
    }
    agent.close();
    throw new IllegalStateException("berth agent did not answer within 30 s:\n" + agent.log());
  }

  /**
   * Starts an agent that must refuse to start; returns its exit code and output once it exited (30
   * s at most).
   */
  public static Refusal startRefused(BerthHome home, String... agentOptions) {
    List<String> command = command(home, agentOptions);
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getOutputStream().close();
      String output =
          new String(
              process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        throw new IllegalStateException("berth agent did not refuse within 30 s:\n" + output);
      }
      return new Refusal(process.exitValue(), output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** How an agent that would not start ended. */
  public record Refusal(int exitCode, String output) {}

  private static List<String> command(BerthHome home, String... agentOptions) {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("io.berth.cli.Main");
    command.addAll(home.cliOptions());
    command.add("agent");
    command.addAll(List.of(agentOptions));
    return command;
  }

  /** A client of this agent's API; close it after use. */
  public RemoteBerth client() {
    return RemoteBerth.connect(home.state().resolve("berth.sock"));
  }

  public long pid() {
    return process.pid();
  }

  public String log() {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  /** SIGTERM, and waits for the agent to stop its containers and exit; returns its exit code. */
  public int terminate(Duration within) {
    process.destroy();
    return waitFor(within);
  }

  /** SIGKILL: the agent dies at once, as in a crash; its containers stay. */
  public void crash() {
    process.destroyForcibly();
    waitFor(Duration.ofSeconds(30));
  }

  private int waitFor(Duration within) {
    try {
      if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        throw new IllegalStateException(
            "berth agent did not stop within " + within + ":\n" + log());
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
