package io.berth.agent;

import io.berth.api.Berth;
import io.berth.api.server.ApiServer;
import io.berth.api.server.Authenticator;
import io.berth.api.server.Principal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * An agent in this process: the engine in supervisor mode, the services of its configuration, the
 * API on the local socket and the registry webhook on TCP. {@code berth agent} wraps it with
 * signals and systemd; {@code berth demo} uses it as it is. Closing it stops every service and
 * container by its own rules.
 */
public final class EmbeddedAgent implements AutoCloseable {
  private final Engine engine;
  private final ConfigManager config;
  private final ApiServer server;
  private final Path socket;

  private EmbeddedAgent(Engine engine, ConfigManager config, ApiServer server, Path socket) {
    this.engine = engine;
    this.config = config;
    this.server = server;
    this.socket = socket;
  }

  /**
   * Starts the agent: recovers what a crash left, loads the configuration (failing with its own
   * message when it is bad), and serves the API.
   */
  public static EmbeddedAgent start(Settings settings, AgentOptions options) throws IOException {
    Files.createDirectories(settings.state());
    Path socket = settings.state().resolve("berth.sock");
    Engine engine = Engine.open(settings, Engine.Mode.AGENT, options.recovery());
    try {
      ConfigManager config = engine.startServices(options.config());
      ApiServer.Builder api = ApiServer.builder(engine).unixSocket(socket);
      if (options.webhook() != null) {
        api.tcp(options.webhook(), webhookAuthenticator(options.webhookToken()));
      }
      return new EmbeddedAgent(engine, config, api.start(), socket);
    } catch (IOException | RuntimeException e) {
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

  /** Loads the configuration again (SIGHUP, a changed file, a timer). */
  public void reload() {
    config.reload();
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
        engine.stopAll();
      } finally {
        engine.close();
      }
    }
  }
}
