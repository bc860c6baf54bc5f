package io.berth.image.registry;

import static io.berth.image.registry.RegistryClientTest.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.image.registry.RegistryException.Reason;
import io.berth.testing.RandomImage;
import io.berth.testing.TestImages;
import io.berth.testing.TestRegistry;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A registry behind htpasswd: Basic credentials, good and bad. */
@Tag("registry")
@Timeout(60)
class BasicAuthTest {
  static final String WRONG_PASSWORD = "Tr0ub4dor-and-3";

  @AutoClose static TestRegistry registry;
  static Credentials login;
  static RandomImage app;

  @BeforeAll
  static void start() {
    registry = TestRegistry.builder().basicAuth().start();
    login = login(registry);
    app = TestImages.randomLayer(registry, "private/app:1", 1000);
  }

  /** The registry's user as berth's credentials. */
  static Credentials login(TestRegistry registry) {
    return registry
        .credentials()
        .map(user -> new Credentials(user.username(), user.password()))
        .orElseThrow();
  }

  static RegistryClient clientWith(Credentials login) {
    HostConfig host = HostConfig.of(registry.host()).withTlsVerify(false);
    return RegistryClient.create(
        RegistryClientTest.insecureConfig(registry.host())
            .withHost(login == null ? host : host.withCredentials(login)));
  }

  @Test
  void fetchManifest_goodCredentials_succeeds() throws Exception {
    try (RegistryClient client = clientWith(login)) {
      assertThat(client.fetchManifest(ref(registry, "private/app:1")).digest())
          .isEqualTo(app.digest());
      assertThat(client.fetchBlob(ref(registry, "private/app"), app.config()))
          .isEqualTo(app.configBytes());
    }
  }

  @Test
  void fetchManifest_wrongPassword_failsClearlyWithoutThePassword() {
    Credentials wrong = new Credentials(login.username(), WRONG_PASSWORD);
    try (RegistryClient client = clientWith(wrong)) {
      assertThatThrownBy(() -> client.fetchManifest(ref(registry, "private/app:1")))
          .isInstanceOf(RegistryException.class)
          .hasMessageStartingWith("unauthorized: credentials for %s rejected", registry.host())
          .satisfies(
              e -> assertThat(((RegistryException) e).reason()).isEqualTo(Reason.UNAUTHORIZED))
          .satisfies(e -> assertNoSecret(e, wrong));
      assertThat(client.toString()).doesNotContain(WRONG_PASSWORD);
    }
  }

  @Test
  void fetchManifest_noCredentials_saysWhereToAddThem() {
    try (RegistryClient client = clientWith(null)) {
      assertThatThrownBy(() -> client.fetchManifest(ref(registry, "private/app:1")))
          .isInstanceOf(RegistryException.class)
          .hasMessageStartingWith(
              "unauthorized: %s requires credentials to pull %s/private/app",
              registry.host(), registry.host())
          .hasMessageContaining("registries file");
    }
  }

  @Test
  void toString_ofConfigWithCredentials_hidesThePassword() {
    RegistryConfig config =
        RegistryConfig.defaults().withHost(HostConfig.of(registry.host()).withCredentials(login));

    assertThat(config.toString()).contains(login.username()).doesNotContain(login.password());
    assertThat(login.toString()).doesNotContain(login.password());
  }

  /** Neither the password nor the Basic header made of it appears in the failure or its causes. */
  static void assertNoSecret(Throwable failure, Credentials login) {
    String basic = login.basicAuthorization().substring("Basic ".length());
    for (Throwable t = failure; t != null; t = t.getCause()) {
      assertThat(String.valueOf(t.getMessage()))
          .doesNotContain(login.password())
          .doesNotContain(basic);
      assertThat(t.toString()).doesNotContain(login.password());
    }
  }
}
