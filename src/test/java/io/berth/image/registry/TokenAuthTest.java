package io.berth.image.registry;

import static io.berth.image.registry.RegistryClientTest.ref;
import static io.berth.testing.FaultProxy.pathContains;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.image.registry.RegistryException.Reason;
import io.berth.spec.ImageRef;
import io.berth.testing.FaultProxy;
import io.berth.testing.FaultProxy.Fault;
import io.berth.testing.RandomImage;
import io.berth.testing.Scope;
import io.berth.testing.TestImages;
import io.berth.testing.TestRegistry;
import io.berth.testing.TokenCall;
import io.berth.testing.TokenRequest;
import io.berth.testing.TokenServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A registry with {@code auth.token}, whose token service is the harness's {@link TokenServer}
 * signing JWTs with a key whose certificate is the registry's root bundle.
 */
@Tag("registry")
@Timeout(60)
class TokenAuthTest {
  static final Scope PULL_APP = Scope.repository("tokens/app", "pull");

  @AutoClose static TestRegistry registry;
  static TokenServer tokens;
  static Credentials login;
  @AutoClose static FaultProxy proxy;
  static RandomImage app;
  static Duration lifetime;

  @BeforeAll
  static void start() {
    registry = TestRegistry.builder().tokenAuth().start();
    tokens = registry.tokenServer().orElseThrow();
    lifetime = tokens.lifetime();
    login = BasicAuthTest.login(registry);
    app = TestImages.randomLayer(registry, "tokens/app:1", 3000);
    proxy = FaultProxy.start(registry.port());
  }

  @AfterEach
  void reset() {
    tokens.setLifetime(lifetime);
    proxy.clearFaults();
  }

  static RegistryClient clientFor(String authority, Credentials login) {
    return RegistryClient.create(
        RegistryClientTest.insecureConfig(authority)
            .withHost(HostConfig.of(authority).withTlsVerify(false).withCredentials(login)));
  }

  /** A client that reaches the registry through the proxy and holds a token for the app. */
  static RegistryClient clientHoldingAToken() throws Exception {
    RegistryClient client = clientFor(proxy.host(), login);
    try {
      client.fetchManifest(proxiedApp());
      return client;
    } catch (Exception | Error e) {
      client.close();
      throw e;
    }
  }

  static ImageRef proxiedApp() {
    return ImageRef.parse(proxy.host() + "/tokens/app:1");
  }

  static long tokensFetchedFor(Scope scope) {
    return tokens.requests().stream().filter(call -> call.asked(scope)).count();
  }

  @Test
  void fetchManifest_twiceForTheSameScope_fetchesOneToken() throws Exception {
    String repo = "tokens/app";
    int callsBefore = tokens.requests().size();
    long before = tokensFetchedFor(PULL_APP);
    try (RegistryClient client = clientFor(registry.host(), login)) {
      ImageRef ref = ref(registry, repo + ":1");

      assertThat(client.fetchManifest(ref).digest()).isEqualTo(app.digest());
      assertThat(client.fetchManifest(ref).digest()).isEqualTo(app.digest());
      assertThat(client.fetchBlob(ref(registry, repo), app.config())).isEqualTo(app.configBytes());
    }

    assertThat(tokensFetchedFor(PULL_APP) - before).isEqualTo(1);
    List<TokenCall> calls = tokens.requests();
    assertThat(calls.subList(callsBefore, calls.size())).allMatch(TokenCall::withCredentials);
  }

  @Test
  void fetchManifest_afterTheTokenExpires_fetchesAFreshOne() throws Exception {
    tokens.setLifetime(Duration.ofSeconds(1));
    long before = tokensFetchedFor(PULL_APP);
    try (RegistryClient client = clientFor(registry.host(), login)) {
      client.fetchManifest(ref(registry, "tokens/app:1"));
      Thread.sleep(1200); // past expires_in
      client.fetchManifest(ref(registry, "tokens/app:1"));
    }

    assertThat(tokensFetchedFor(PULL_APP) - before).isEqualTo(2);
  }

  @Test
  void fetchManifest_registryRejectsTheCachedToken_retriesOnceWithAFreshToken() throws Exception {
    try (RegistryClient client = clientHoldingAToken()) {
      long before = tokensFetchedFor(PULL_APP);
      // The registry sees no token on the next request and answers 401, as for a stale token.
      proxy.inject(pathContains("/manifests/"), new Fault.StripAuthorization(), 1);

      assertThat(client.fetchManifest(proxiedApp()).digest()).isEqualTo(app.digest());
      assertThat(tokensFetchedFor(PULL_APP) - before).isEqualTo(1);
    }
  }

  @Test
  void fetchManifest_freshTokenRejectedToo_failsWithoutLeakingTokenOrPassword() throws Exception {
    try (RegistryClient client = clientHoldingAToken()) {
      proxy.inject(pathContains("/manifests/"), new Fault.StripAuthorization(), 2);

      assertThatThrownBy(() -> client.fetchManifest(proxiedApp()))
          .isInstanceOf(RegistryException.class)
          .hasMessageStartingWith("unauthorized: credentials for %s rejected", proxy.host())
          .satisfies(e -> BasicAuthTest.assertNoSecret(e, login))
          .satisfies(e -> assertNoToken(e));
    }
  }

  @Test
  void fetchManifest_wrongPassword_failsAtTheTokenServiceWithoutThePassword() {
    Credentials wrong = new Credentials(login.username(), "not-the-password-42");
    try (RegistryClient client = clientFor(registry.host(), wrong)) {
      assertThatThrownBy(() -> client.fetchManifest(ref(registry, "tokens/app:1")))
          .isInstanceOf(RegistryException.class)
          .hasMessageStartingWith(
              "unauthorized: credentials for %s rejected by the token service", registry.host())
          .satisfies(
              e -> assertThat(((RegistryException) e).reason()).isEqualTo(Reason.UNAUTHORIZED))
          .satisfies(e -> BasicAuthTest.assertNoSecret(e, wrong));
    }
  }

  @Test
  void fetchManifest_unknownTagWithAToken_failsWithoutTheToken() {
    try (RegistryClient client = clientFor(registry.host(), login)) {
      assertThatThrownBy(() -> client.fetchManifest(ref(registry, "tokens/app:nope")))
          .isInstanceOf(RegistryException.class)
          .hasMessageStartingWith("manifest unknown")
          .satisfies(TokenAuthTest::assertNoToken);
    }
  }

  @Test
  void fetchManifest_tokenServiceOnAnotherHostOverPlainHttp_refusesToSendCredentials() {
    // The registry names its token service "localhost" while berth reaches the registry as
    // 127.0.0.1: a different host, over plain HTTP, so the credentials must stay home.
    try (TestRegistry elsewhere =
            TestRegistry.builder().tokenAuth(server -> server.realmHost("localhost")).start();
        RegistryClient client = clientFor(elsewhere.host(), login)) {
      TokenServer elsewhereTokens = elsewhere.tokenServer().orElseThrow();
      assertThat(elsewhereTokens.realm().getHost()).isEqualTo("localhost");

      assertThatThrownBy(() -> client.fetchManifest(ref(elsewhere, "tokens/app:1")))
          .isInstanceOf(RegistryException.class)
          .hasMessageContaining("refusing to send the credentials for " + elsewhere.host())
          .hasMessageContaining("over plain HTTP");
      assertThat(elsewhereTokens.requests()).isEmpty();
    }
  }

  static void assertNoToken(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      for (String token : tokens.issued().stream().map(TokenRequest::token).toList()) {
        assertThat(String.valueOf(t.getMessage())).doesNotContain(token);
        // a JWT's signature alone is secret enough
        assertThat(String.valueOf(t.getMessage()))
            .doesNotContain(token.substring(token.lastIndexOf('.') + 1));
      }
    }
  }
}
