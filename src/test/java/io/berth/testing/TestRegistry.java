package io.berth.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A real CNCF distribution registry ({@code docker-registry serve}) on a free loopback port, with
 * its storage, config and log in a temporary directory of its own. Close it to stop the process
 * (SIGTERM, then SIGKILL) and delete the directory.
 *
 * <pre>{@code
 * try (TestRegistry registry = TestRegistry.builder().basicAuth().tls().start()) {
 *   registry.host();           // "127.0.0.1:41234"
 *   registry.credentials();    // the user skopeo and berth log in as
 *   registry.caCertificate();  // the CA a client must trust
 * }
 * }</pre>
 */
public final class TestRegistry implements AutoCloseable {
  private static final Duration STARTUP = Duration.ofSeconds(30);
  private static final int PORT_ATTEMPTS = 5;

  private final TempDirectory directory;
  private final BackgroundProcess process;
  private final int port;
  private final Optional<TlsMaterial> tls;
  private final Optional<Credentials> credentials;
  private final Optional<TokenServer> tokenServer;
  private final HttpClient http;

  private TestRegistry(
      TempDirectory directory,
      BackgroundProcess process,
      int port,
      Optional<TlsMaterial> tls,
      Optional<Credentials> credentials,
      Optional<TokenServer> tokenServer,
      HttpClient http) {
    this.directory = directory;
    this.process = process;
    this.port = port;
    this.tls = tls;
    this.credentials = credentials;
    this.tokenServer = tokenServer;
    this.http = http;
  }

  /** Plain HTTP, no authentication. */
  public static TestRegistry plain() {
    return builder().start();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** {@code 127.0.0.1:PORT}, the registry part of an image reference. */
  public String host() {
    return "127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** {@code http://127.0.0.1:PORT} or {@code https://...} when TLS is on. */
  public URI baseUrl() {
    return URI.create((tls.isPresent() ? "https://" : "http://") + host());
  }

  /** {@code host()/repository:tag}: a full image reference in this registry. */
  public String ref(String repositoryAndTag) {
    return host() + "/" + repositoryAndTag;
  }

  /** The user this registry (or its token server) accepts; empty without auth. */
  public Optional<Credentials> credentials() {
    return credentials;
  }

  /** The PEM of the CA that signed the registry's certificate; empty without TLS. */
  public Optional<Path> caCertificate() {
    return tls.map(TlsMaterial::caCertificate);
  }

  public Optional<TlsMaterial> tls() {
    return tls;
  }

  public Optional<TokenServer> tokenServer() {
    return tokenServer;
  }

  /** An HTTP client that trusts this registry's CA (when it has one). Closed with the registry. */
  public HttpClient httpClient() {
    return http;
  }

  /** Everything the registry has logged, to show when a test fails. */
  public String log() {
    return process.log();
  }

  public Path configFile() {
    return directory.resolve("config.yml");
  }

  public Path storageDirectory() {
    return directory.resolve("storage");
  }

  /** The registry process, so a test can check that it is gone after {@link #close()}. */
  public ProcessHandle processHandle() {
    return process.handle();
  }

  @Override
  public void close() {
    try {
      process.close();
    } finally {
      tokenServer.ifPresent(TokenServer::close);
      http.close();
      directory.close();
    }
  }

  @Override
  public String toString() {
    return "TestRegistry[" + baseUrl() + ", pid " + process.pid() + "]";
  }

  /** What kind of registry to start. */
  public static final class Builder {
    private boolean tls;
    private Auth auth = Auth.NONE;
    private Credentials user = Credentials.random("berth");
    private UnaryOperator<TokenServer.Builder> tokenSettings = UnaryOperator.identity();
    private final List<URI> notificationEndpoints = new ArrayList<>();
    private String notificationToken;

    private enum Auth {
      NONE,
      BASIC,
      TOKEN
    }

    private Builder() {}

    /** HTTP Basic against an htpasswd file, with a random password for user {@code berth}. */
    public Builder basicAuth() {
      this.auth = Auth.BASIC;
      return this;
    }

    public Builder basicAuth(Credentials credentials) {
      this.user = credentials;
      return basicAuth();
    }

    /**
     * Bearer tokens from a {@link TokenServer} started with the registry; by default the server
     * knows {@link #credentials()} and grants nothing to anonymous requests.
     */
    public Builder tokenAuth() {
      this.auth = Auth.TOKEN;
      return this;
    }

    /** Token auth with a token server tuned by {@code settings} (policy, lifetime, more users). */
    public Builder tokenAuth(UnaryOperator<TokenServer.Builder> settings) {
      this.tokenSettings = settings;
      return tokenAuth();
    }

    public Builder credentials(Credentials credentials) {
      this.user = credentials;
      return this;
    }

    /** Serve HTTPS with a certificate from a private CA made for this registry. */
    public Builder tls() {
      this.tls = true;
      return this;
    }

    /** Registry notifications (webhooks) are POSTed to these URLs. */
    public Builder notifyTo(URI... endpoints) {
      notificationEndpoints.addAll(List.of(endpoints));
      return this;
    }

    /** Notifications carry {@code Authorization: Bearer TOKEN}, as a webhook may require. */
    public Builder notificationToken(String token) {
      this.notificationToken = token;
      return this;
    }

    public TestRegistry start() {
      Tools.require("docker-registry", "docker-registry");
      TempDirectory directory = TempDirectory.create("berth-registry-");
      TokenServer tokens = null;
      HttpClient http = null;
      try {
        TlsMaterial material = tls ? TlsMaterial.generate(directory.path()) : null;
        if (auth == Auth.TOKEN) {
          tokens = tokenSettings.apply(TokenServer.builder().user(user)).start(directory.path());
        }
        http = httpClient(material);
        return launch(directory, material, registryAuth(directory, tokens), tokens, http);
      } catch (RuntimeException | Error e) {
        if (tokens != null) {
          tokens.close();
        }
        if (http != null) {
          http.close();
        }
        directory.close();
        throw e;
      }
    }

    private RegistryAuth registryAuth(TempDirectory directory, TokenServer tokens) {
      return switch (auth) {
        case NONE -> new RegistryAuth.None();
        case BASIC ->
            new RegistryAuth.Htpasswd(Htpasswd.write(directory.resolve("htpasswd"), List.of(user)));
        case TOKEN ->
            new RegistryAuth.Token(
                tokens.realm(),
                tokens.service(),
                tokens.signer().issuer(),
                tokens.signer().certificateFile());
      };
    }

    private static HttpClient httpClient(TlsMaterial material) {
      HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
      if (material != null) {
        client.sslContext(material.clientContext());
      }
      return client.build();
    }

    /** Starts the process on a free port, trying another port when that one was taken meanwhile. */
    private TestRegistry launch(
        TempDirectory directory,
        TlsMaterial material,
        RegistryAuth registryAuth,
        TokenServer tokens,
        HttpClient http) {
      Path storage = directory.subdirectory("storage");
      Path configFile = directory.resolve("config.yml");
      for (int attempt = 1; ; attempt++) {
        int port = FreePort.find();
        new RegistryConfig(
                storage, port, material, registryAuth, notificationEndpoints, notificationToken)
            .write(configFile);
        BackgroundProcess process =
            BackgroundProcess.start(
                List.of("docker-registry", "serve", configFile.toString()),
                directory.path(),
                directory.resolve("registry-" + attempt + ".log"),
                // REGISTRY_* variables override config.yml; none from the host may leak in
                env -> env.keySet().removeIf(name -> name.startsWith("REGISTRY_")));
        TestRegistry registry =
            new TestRegistry(
                directory,
                process,
                port,
                Optional.ofNullable(material),
                auth == Auth.NONE ? Optional.empty() : Optional.of(user),
                Optional.ofNullable(tokens),
                http);
        if (registry.awaitAnswer()) {
          return registry;
        }
        process.close();
        String log = process.log();
        if (!log.contains("address already in use") || attempt == PORT_ATTEMPTS) {
          throw new IllegalStateException(
              "the registry did not answer on %s within %s; its log:%n%s"
                  .formatted(registry.baseUrl(), STARTUP, log));
        }
      }
    }
  }

  /** True once {@code GET /v2/} gets any HTTP answer (200, or 401 with auth); false if it died. */
  private boolean awaitAnswer() {
    Instant deadline = Instant.now().plus(STARTUP);
    HttpRequest probe =
        HttpRequest.newBuilder(baseUrl().resolve("/v2/")).timeout(Duration.ofSeconds(2)).build();
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        return false;
      }
      try {
        http.send(probe, HttpResponse.BodyHandlers.discarding());
        return true;
      } catch (IOException e) {
        sleep(Duration.ofMillis(50));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return false;
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
