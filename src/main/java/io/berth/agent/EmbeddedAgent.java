package io.berth.agent;

import io.berth.api.Berth;
import io.berth.api.server.ApiServer;
import io.berth.api.server.Authenticator;
import io.berth.api.server.Principal;
import io.berth.telemetry.Telemetry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * An agent in this process: the engine in supervisor mode, the services of its configuration, the
 * API on the local socket, the registry webhook on TCP, and its metrics. {@code berth agent} wraps
 * it with signals and systemd; {@code berth demo} uses it as it is. Closing it stops every service
 * and container by its own rules.
 */
public final class EmbeddedAgent implements AutoCloseable {
  private final Engine engine;
  private final ConfigManager config;
  private final ApiServer server;
  private final Path socket;
  private final AgentTelemetry telemetry;
  private final RemoteAccess remote;

  private EmbeddedAgent(
      Engine engine,
      ConfigManager config,
      ApiServer server,
      Path socket,
      AgentTelemetry telemetry,
      RemoteAccess remote) {
    this.engine = engine;
    this.config = config;
    this.server = server;
    this.socket = socket;
    this.telemetry = telemetry;
    this.remote = remote;
  }

  /**
   * Starts the agent: recovers what a crash left, loads the configuration (failing with its own
   * message when it is bad), and serves the API.
   */
  public static EmbeddedAgent start(Settings settings, AgentOptions options) throws IOException {
    Files.createDirectories(settings.state());
    Path socket = settings.state().resolve("berth.sock");
    Engine engine = Engine.open(settings, Engine.Mode.AGENT, options.recovery());
    AgentTelemetry telemetry = null;
    RemoteAccess remote = null;
    try {
      remote = options.remote() == null ? null : RemoteAccess.open(settings, options.remote());
      telemetry = AgentTelemetry.start(engine, options);
      AgentTelemetry metrics = telemetry;
      engine.agentOwned(metrics::discoveryCandidates);
      RemoteAccess access = remote;
      if (remote != null) {
        engine.serviceEnv(remote.serviceEnv());
      }
      ConfigManager config =
          engine.startServices(
              options.config(),
              next -> {
                metrics.apply(next);
                engine.openKv(next.kv());
                if (access != null) {
                  access.logins().users(next.auth());
                }
              });
      ApiServer.Builder api =
          ApiServer.builder(engine).unixSocket(socket).metrics(telemetry.source());
      if (options.webhook() != null) {
        api.tcp(options.webhook(), webhookAuthenticator(options.webhookToken()));
      }
      if (remote != null) {
        remote.addTo(api);
      }
      ApiServer server = api.start();
      if (remote != null) {
        remote.announce(server.remotePort().orElseThrow());
      }
      return new EmbeddedAgent(engine, config, server, socket, telemetry, remote);
    } catch (IOException | RuntimeException e) {
      if (remote != null) {
        remote.close();
      }
      if (telemetry != null) {
        telemetry.close();
      }
      engine.stopAll();
      engine.close();
      throw e;
    }
  }

  /** The API, in-process. */
  public Berth berth() {
    return engine;
  }

  public Path socket() {
    return socket;
  }

  /** The webhook's port, when the agent listens for registries. */
  public Optional<Integer> webhookPort() {
    return server.tcpPort();
  }

  /** The port of the remote API, when the agent serves one. */
  public Optional<Integer> remotePort() {
    return server.remotePort();
  }

  /** The SHA-256 fingerprint of the remote API's TLS certificate, when it serves TLS. */
  public Optional<String> tlsFingerprint() {
    return Optional.ofNullable(remote).flatMap(RemoteAccess::fingerprint);
  }

  /** The agent's metrics, where other code registers its sensors. */
  public Telemetry telemetry() {
    return telemetry.telemetry();
  }

  /** The port plain HTTP serves {@code /metrics} on, when it does. */
  public Optional<Integer> metricsPort() {
    return telemetry.port();
  }

  /** Loads the configuration again (SIGHUP, a changed file, a timer). */
  public void reload() {
    config.reload();
  }

  /**
   * Toggles maintenance for every service (SIGUSR1, as ContainerPilot): all go in, or all come out
   * when all were in.
   */
  public java.util.List<String> toggleMaintenance() {
    return engine.services().maintenanceAll(null);
  }

  Engine engine() {
    return engine;
  }

  ConfigManager config() {
    return config;
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
        throw new io.berth.api.ApiException(
            io.berth.api.ApiException.Kind.UNAUTHORIZED, "the webhook needs its bearer token");
      }
      return registry;
    };
  }

  /** Stops taking requests, then stops every service and container by its own rules. */
  @Override
  public void close() {
    try {
      server.close();
    } finally {
      try {
        if (remote != null) {
          remote.close();
        }
        telemetry.close();
      } finally {
        try {
          engine.stopAll();
        } finally {
          engine.close();
        }
      }
    }
  }
}
