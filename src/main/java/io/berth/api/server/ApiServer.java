package io.berth.api.server;

import io.berth.api.Berth;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;
import org.eclipse.jetty.util.VirtualThreads;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * berth's HTTP API: serves a {@link Berth} under {@code /v1} on the agent's Unix socket and,
 * optionally, on TCP: the registry webhook, and the whole API for remote clients (TLS, or plain on
 * loopback). Each listener has its {@link Authenticator}. Requests run on virtual threads. Close it
 * to stop listening, end every request still running, and remove the socket.
 *
 * <pre>{@code
 * try (ApiServer server = ApiServer.builder(engine).unixSocket(state.resolve("berth.sock")).start()) {
 *   ...
 * }
 * }</pre>
 */
public final class ApiServer implements AutoCloseable {
  private static final Duration STOP_GRACE = Duration.ofSeconds(5);

  /** The key store entry that holds the TLS key and certificate chain. */
  public static final String KEY_ALIAS = "berth";

  /** The password of that entry (the key store lives only in memory). */
  public static final char[] KEY_PASSWORD = "berth".toCharArray();

  private final Server server;
  private final ApiHandler handler;
  private final SocketClaim claim;
  private final ServerConnector tcp;
  private final ServerConnector remote;

  private ApiServer(
      Server server,
      ApiHandler handler,
      SocketClaim claim,
      ServerConnector tcp,
      ServerConnector remote) {
    this.server = server;
    this.handler = handler;
    this.claim = claim;
    this.tcp = tcp;
    this.remote = remote;
  }

  public static Builder builder(Berth berth) {
    return new Builder(berth);
  }

  /** The Unix socket it serves, when it serves one. */
  public Optional<Path> socket() {
    return Optional.ofNullable(claim).map(SocketClaim::socket);
  }

  /** The TCP port it listens on (the one chosen when 0 was asked), when it listens on TCP. */
  public Optional<Integer> tcpPort() {
    return Optional.ofNullable(tcp).map(ServerConnector::getLocalPort);
  }

  /** The port of the remote API listener (the one chosen when 0 was asked), when there is one. */
  public Optional<Integer> remotePort() {
    return Optional.ofNullable(remote).map(ServerConnector::getLocalPort);
  }

  @Override
  public void close() {
    try {
      handler.stopRequests(STOP_GRACE);
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("could not stop the API server: " + e.getMessage(), e);
    } finally {
      if (claim != null) {
        try {
          claim.close();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
  }

  /** Which listeners, which limits. */
  public static final class Builder {
    private final Berth berth;
    private Path socket;
    private InetSocketAddress tcpAddress;
    private Authenticator tcpAuthenticator;
    private long maxBodyBytes = ServerOptions.DEFAULT_MAX_BODY_BYTES;
    private Duration heartbeat = ServerOptions.DEFAULT_HEARTBEAT;
    private Duration eventHeartbeat = EventRoutes.HEARTBEAT;
    private String version = defaultVersion();
    private MetricsSource metrics;
    private InetSocketAddress remoteAddress;
    private Authenticator remoteAuthenticator;
    private KeyStore remoteKeys;
    private LoginService logins;

    private Builder(Berth berth) {
      this.berth = Objects.requireNonNull(berth);
    }

    /** Serves the Unix socket at {@code socket} (mode 0600), where every caller is local root. */
    public Builder unixSocket(Path socket) {
      this.socket = socket;
      return this;
    }

    /** Serves plain HTTP on {@code address}, each request judged by {@code authenticator}. */
    public Builder tcp(InetSocketAddress address, Authenticator authenticator) {
      this.tcpAddress = Objects.requireNonNull(address);
      this.tcpAuthenticator = Objects.requireNonNull(authenticator);
      return this;
    }

    /**
     * Serves the whole API on {@code address} for remote clients, each request judged by {@code
     * authenticator}: over TLS with the key and certificate chain in {@code keys} (entry {@link
     * #KEY_ALIAS}, password {@link #KEY_PASSWORD}), or plain HTTP when {@code keys} is null.
     */
    public Builder remote(InetSocketAddress address, Authenticator authenticator, KeyStore keys) {
      this.remoteAddress = Objects.requireNonNull(address);
      this.remoteAuthenticator = Objects.requireNonNull(authenticator);
      this.remoteKeys = keys;
      return this;
    }

    /** Serves {@code POST /v1/auth/login} from {@code logins}. */
    public Builder logins(LoginService logins) {
      this.logins = Objects.requireNonNull(logins);
      return this;
    }

    /** The largest request body; larger ones get 413. Default 1 MiB. */
    public Builder maxBodyBytes(long bytes) {
      this.maxBodyBytes = bytes;
      return this;
    }

    /** How long a stream may stay silent before a keep-alive line. Default 5 seconds. */
    public Builder heartbeat(Duration heartbeat) {
      this.heartbeat = heartbeat;
      return this;
    }

    /** How long the event stream may stay silent before a comment line. Default 15 seconds. */
    public Builder eventHeartbeat(Duration heartbeat) {
      if (heartbeat.isNegative() || heartbeat.isZero()) {
        throw new IllegalArgumentException("the event heartbeat must be positive");
      }
      this.eventHeartbeat = heartbeat;
      return this;
    }

    /** Serves {@code GET /metrics} from {@code metrics}. */
    public Builder metrics(MetricsSource metrics) {
      this.metrics = Objects.requireNonNull(metrics);
      return this;
    }

    public Builder version(String version) {
      this.version = Objects.requireNonNull(version);
      return this;
    }

    /**
     * Starts listening.
     *
     * @throws io.berth.api.ApiException of kind {@code CONFLICT} when another agent serves the
     *     socket
     */
    public ApiServer start() throws IOException {
      if (socket == null && tcpAddress == null && remoteAddress == null) {
        throw new IllegalStateException("an API server needs a Unix socket or a TCP address");
      }
      ServerOptions options = new ServerOptions(maxBodyBytes, heartbeat, version);
      Server server = new Server(threads());
      server.setStopTimeout(STOP_GRACE.toMillis());
      server.setErrorHandler(new ErrorPages());
      Map<Connector, Authenticator> authenticators = new HashMap<>();
      SocketClaim claim = socket == null ? null : SocketClaim.take(socket);
      try {
        if (claim != null) {
          UnixDomainServerConnector unix = new UnixDomainServerConnector(server, http());
          unix.setUnixDomainPath(claim.bindPath());
          server.addConnector(unix);
          authenticators.put(unix, Authenticator.localRoot());
        }
        ServerConnector tcpConnector = null;
        if (tcpAddress != null) {
          tcpConnector = new ServerConnector(server, http());
          tcpConnector.setHost(tcpAddress.getHostString());
          tcpConnector.setPort(tcpAddress.getPort());
          server.addConnector(tcpConnector);
          authenticators.put(tcpConnector, tcpAuthenticator);
        }
        ServerConnector remoteConnector = null;
        if (remoteAddress != null) {
          remoteConnector =
              remoteKeys == null
                  ? new ServerConnector(server, http())
                  : new ServerConnector(server, tls(remoteKeys), https());
          remoteConnector.setHost(remoteAddress.getHostString());
          remoteConnector.setPort(remoteAddress.getPort());
          server.addConnector(remoteConnector);
          authenticators.put(remoteConnector, remoteAuthenticator);
        }
        ApiHandler handler =
            new ApiHandler(
                routes(berth, metrics, eventHeartbeat, logins),
                Map.copyOf(authenticators),
                options);
        server.setHandler(handler);
        server.start();
        if (claim != null) {
          claim.publish();
        }
        return new ApiServer(server, handler, claim, tcpConnector, remoteConnector);
      } catch (Exception e) {
        stopQuietly(server, e);
        if (claim != null) {
          claim.close();
        }
        if (e instanceof IOException io) {
          throw io;
        }
        if (e instanceof RuntimeException runtime) {
          throw runtime;
        }
        throw new IOException("could not start the API server: " + e.getMessage(), e);
      }
    }

    static Routes routes(Berth berth, MetricsSource metrics, Duration eventHeartbeat) {
      return routes(berth, metrics, eventHeartbeat, null);
    }

    /** The API's routes; {@code logins} adds {@code POST /v1/auth/login} (the TCP listener). */
    static Routes routes(
        Berth berth, MetricsSource metrics, Duration eventHeartbeat, LoginService logins) {
      Routes routes = new Routes();
      for (Resource resource :
          List.of(
              new SystemRoutes(),
              new ImageRoutes(berth.images()),
              new ContainerRoutes(berth),
              new ServiceRoutes(berth),
              new HookRoutes(berth),
              new DiscoveryRoutes(berth),
              new KvRoutes(berth),
              new EventRoutes(berth, eventHeartbeat))) {
        routes.add(resource);
      }
      if (metrics != null) {
        routes.add(new MetricsRoutes(metrics));
      }
      if (logins != null) {
        routes.add(new AuthRoutes(logins));
      }
      routes.add(new OpenApiRoutes(routes));
      return routes;
    }

    private static QueuedThreadPool threads() {
      // Platform threads select and accept; every request runs on a virtual thread of its own.
      QueuedThreadPool pool = new QueuedThreadPool(16, 2);
      pool.setName("berth-api");
      pool.setVirtualThreadsExecutor(VirtualThreads.getNamedVirtualThreadsExecutor("berth-api-"));
      return pool;
    }

    private static SslConnectionFactory tls(KeyStore keys) {
      SslContextFactory.Server tls = new SslContextFactory.Server();
      tls.setKeyStore(keys);
      tls.setKeyStorePassword(new String(KEY_PASSWORD));
      tls.setCertAlias(KEY_ALIAS);
      tls.setIncludeProtocols("TLSv1.3", "TLSv1.2");
      return new SslConnectionFactory(tls, "http/1.1");
    }

    private static HttpConnectionFactory https() {
      HttpConnectionFactory factory = http();
      SecureRequestCustomizer secure = new SecureRequestCustomizer();
      // Clients reach the agent by IP as often as by name; the certificate is pinned or trusted by
      // its CA, so the Host header need not match a name in it.
      secure.setSniHostCheck(false);
      factory.getHttpConfiguration().addCustomizer(secure);
      return factory;
    }

    private static HttpConnectionFactory http() {
      HttpConfiguration config = new HttpConfiguration();
      config.setSendServerVersion(false);
      config.setSendXPoweredBy(false);
      // %2F and %25 inside a segment are how a reference like host:5000/app:v2 is one segment.
      // An empty segment reaches the routes, so that /v1/kv/a//b is refused with the reason.
      config.setUriCompliance(
          UriCompliance.DEFAULT.with(
              "berth",
              UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR,
              UriCompliance.Violation.AMBIGUOUS_PATH_ENCODING,
              UriCompliance.Violation.AMBIGUOUS_EMPTY_SEGMENT));
      return new HttpConnectionFactory(config);
    }

    private static void stopQuietly(Server server, Exception cause) {
      try {
        server.stop();
      } catch (Exception e) {
        cause.addSuppressed(e);
      }
    }

    private static String defaultVersion() {
      String version = ApiServer.class.getPackage().getImplementationVersion();
      return version == null ? "dev" : version;
    }
  }
}
