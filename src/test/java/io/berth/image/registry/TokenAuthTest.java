package io.berth.image.registry;

import static io.berth.image.registry.FaultProxy.pathContains;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.image.registry.FaultProxy.Fault;
import io.berth.image.registry.RegistryException.Reason;
import io.berth.spec.ImageRef;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A registry with {@code auth.token}, whose token service is a test server signing RS256 JWTs with
 * a key whose certificate is the registry's root bundle.
 */
@Tag("registry")
@Timeout(60)
class TokenAuthTest {
  static final Credentials LOGIN = new Credentials("bob", "token-test-password");

  @TempDir static Path dir;
  static TestTokenServer tokens;
  static LocalRegistry registry;
  static FaultProxy proxy;
  static TestImage app;

  @BeforeAll
  static void start() throws Exception {
    Path[] signing = TestPki.signingKey(dir);
    tokens = new TestTokenServer(signing[0], signing[1], LOGIN.username(), LOGIN.password());
    registry =
        LocalRegistry.start(dir, LocalRegistry.Options.tokenAuth(tokens.realm(), signing[1]));
    try (TestPush push =
        new TestPush(
            URI.create("http://" + registry.authority()),
            repo -> Optional.of("Bearer " + issue("repository:" + repo + ":pull,push")),
            null)) {
      app = TestImage.push(push, "tokens/app", "1", "amd64", 3000);
    }
    proxy = new FaultProxy(registry.port());
  }

  @AfterAll
  static void stop() throws Exception {
    if (proxy != null) {
      proxy.close();
    }
    if (registry != null) {
      registry.close();
    }
    if (tokens != null) {
      tokens.close();
    }
  }

  @AfterEach
  void reset() {
    tokens.expiresIn(300);
    proxy.clearFaults();
  }

  private static String issue(String scope) {
    try {
      return tokens.issue(LOGIN.username(), scope);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static RegistryClient clientFor(String authority, Credentials login) {
    return RegistryClient.create(
        RegistryClientTest.insecureConfig(authority)
            .withHost(HostConfig.of(authority).withTlsVerify(false).withCredentials(login)));
  }

  long tokensFetchedFor(String scope) {
    return tokens.requests().stream().filter(r -> scope.equals(r.scope())).count();
  }

  @Test
  void fetchManifest_twiceForTheSameScope_fetchesOneToken() throws Exception {
    String repo = "tokens/app";
    String scope = "repository:" + repo + ":pull";
    long before = tokensFetchedFor(scope);
    try (RegistryClient client = clientFor(registry.authority(), LOGIN)) {
      ImageRef ref = registry.ref(repo + ":1");

      assertThat(client.fetchManifest(ref).digest()).isEqualTo(app.manifestDigest());
      assertThat(client.fetchManifest(ref).digest()).isEqualTo(app.manifestDigest());
      assertThat(client.fetchBlob(registry.ref(repo), app.configDescriptor()))
          .isEqualTo(app.config());
    }

    assertThat(tokensFetchedFor(scope) - before).isEqualTo(1);
    assertThat(tokens.requests()).allMatch(TestTokenServer.Seen::withCredentials);
  }

  @Test
  void fetchManifest_afterTheTokenExpires_fetchesAFreshOne() throws Exception {
    String scope = "repository:tokens/app:pull";
    tokens.expiresIn(1);
    long before = tokensFetchedFor(scope);
    try (RegistryClient client = clientFor(registry.authority(), LOGIN)) {
      client.fetchManifest(registry.ref("tokens/app:1"));
      Thread.sleep(1200); // past expires_in
      client.fetchManifest(registry.ref("tokens/app:1"));
    }

    assertThat(tokensFetchedFor(scope) - before).isEqualTo(2);
  }

  @Test
  void fetchManifest_registryRejectsTheCachedToken_retriesOnceWithAFreshToken() throws Exception {
    String scope = "repository:tokens/app:pull";
    try (RegistryClient client = clientFor(proxy.authority(), LOGIN)) {
      ImageRef ref = ImageRef.parse(proxy.authority() + "/tokens/app:1");
      client.fetchManifest(ref);
      long before = tokensFetchedFor(scope);
      // The registry sees no token on the next request and answers 401, as for a stale token.
      proxy.inject(pathContains("/manifests/"), new Fault.StripAuthorization(), 1);

      assertThat(client.fetchManifest(ref).digest()).isEqualTo(app.manifestDigest());
      assertThat(tokensFetchedFor(scope) - before).isEqualTo(1);
    }
  }

  @Test
  void fetchManifest_freshTokenRejectedToo_failsWithoutLeakingTokenOrPassword() throws Exception {
    try (RegistryClient client = clientFor(proxy.authority(), LOGIN)) {
      ImageRef ref = ImageRef.parse(proxy.authority() + "/tokens/app:1");
      client.fetchManifest(ref);
      proxy.inject(pathContains("/manifests/"), new Fault.StripAuthorization(), 2);

      assertThatThrownBy(() -> client.fetchManifest(ref))
          .isInstanceOf(RegistryException.class)
          .hasMessageStartingWith("unauthorized: credentials for %s rejected", proxy.authority())
          .satisfies(e -> BasicAuthTest.assertNoSecret(e, LOGIN))
          .satisfies(e -> assertNoToken(e));
    }
  }

  @Test
  void fetchManifest_wrongPassword_failsAtTheTokenServiceWithoutThePassword() {
    Credentials wrong = new Credentials(LOGIN.username(), "not-the-password-42");
    try (RegistryClient client = clientFor(registry.authority(), wrong)) {
      assertThatThrownBy(() -> client.fetchManifest(registry.ref("tokens/app:1")))
          .isInstanceOf(RegistryException.class)
          .hasMessageStartingWith(
              "unauthorized: credentials for %s rejected by the token service",
              registry.authority())
          .satisfies(
              e -> assertThat(((RegistryException) e).reason()).isEqualTo(Reason.UNAUTHORIZED))
          .satisfies(e -> BasicAuthTest.assertNoSecret(e, wrong));
    }
  }

  @Test
  void fetchManifest_unknownTagWithAToken_failsWithoutTheToken() {
    try (RegistryClient client = clientFor(registry.authority(), LOGIN)) {
      assertThatThrownBy(() -> client.fetchManifest(registry.ref("tokens/app:nope")))
          .isInstanceOf(RegistryException.class)
          .hasMessageStartingWith("manifest unknown")
          .satisfies(TokenAuthTest::assertNoToken);
    }
  }

  @Test
  void fetchManifest_tokenServiceOnAnotherHostOverPlainHttp_refusesToSendCredentials()
      throws Exception {
    // The registry names the token service "localhost" while berth reaches it as 127.0.0.1: a
    // different host, over plain HTTP, so the credentials must stay home.
    Path other = Files.createDirectories(dir.resolve("other"));
    String realm = tokens.realm().replace("127.0.0.1", "localhost");
    try (LocalRegistry elsewhere =
            LocalRegistry.start(
                other, LocalRegistry.Options.tokenAuth(realm, dir.resolve("token.crt")));
        RegistryClient client = clientFor(elsewhere.authority(), LOGIN)) {
      long before = tokens.requests().size();

      assertThatThrownBy(() -> client.fetchManifest(elsewhere.ref("tokens/app:1")))
          .isInstanceOf(RegistryException.class)
          .hasMessageContaining("refusing to send the credentials for " + elsewhere.authority())
          .hasMessageContaining("over plain HTTP");
      assertThat(tokens.requests()).hasSize((int) before);
    }
  }

  static void assertNoToken(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      for (String token : tokens.issued()) {
        assertThat(String.valueOf(t.getMessage())).doesNotContain(token);
        // a JWT's signature alone is secret enough
        assertThat(String.valueOf(t.getMessage()))
            .doesNotContain(token.substring(token.lastIndexOf('.') + 1));
      }
    }
  }
}
