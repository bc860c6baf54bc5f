package io.berth.image.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.image.registry.RegistryException.Reason;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A registry behind htpasswd: Basic credentials, good and bad. */
@Tag("registry")
@Timeout(60)
class BasicAuthTest {
  static final String USER = "alice";
  static final String PASSWORD = "correct-horse-battery";
  static final String WRONG_PASSWORD = "Tr0ub4dor-and-3";

  @TempDir static Path dir;
  static LocalRegistry registry;
  static TestImage app;

  @BeforeAll
  static void start() throws Exception {
    registry =
        LocalRegistry.start(
            dir, LocalRegistry.Options.basicAuth(LocalRegistry.htpasswd(dir, USER, PASSWORD)));
    String basic = new Credentials(USER, PASSWORD).basicAuthorization();
    try (TestPush push =
        new TestPush(
            URI.create("http://" + registry.authority()), repo -> Optional.of(basic), null)) {
      app = TestImage.push(push, "private/app", "1", "amd64", 1000);
    }
  }

  @AfterAll
  static void stop() {
    if (registry != null) {
      registry.close();
    }
  }

  static RegistryClient clientWith(Credentials login) {
    HostConfig host = HostConfig.of(registry.authority()).withTlsVerify(false);
    return RegistryClient.create(
        RegistryClientTest.insecureConfig(registry.authority())
            .withHost(login == null ? host : host.withCredentials(login)));
  }

  @Test
  void fetchManifest_goodCredentials_succeeds() throws Exception {
    try (RegistryClient client = clientWith(new Credentials(USER, PASSWORD))) {
      assertThat(client.fetchManifest(registry.ref("private/app:1")).digest())
          .isEqualTo(app.manifestDigest());
      assertThat(client.fetchBlob(registry.ref("private/app"), app.configDescriptor()))
          .isEqualTo(app.config());
    }
  }

  @Test
  void fetchManifest_wrongPassword_failsClearlyWithoutThePassword() {
    Credentials wrong = new Credentials(USER, WRONG_PASSWORD);
    try (RegistryClient client = clientWith(wrong)) {
      assertThatThrownBy(() -> client.fetchManifest(registry.ref("private/app:1")))
          .isInstanceOf(RegistryException.class)
          .hasMessageStartingWith("unauthorized: credentials for %s rejected", registry.authority())
          .satisfies(
              e -> assertThat(((RegistryException) e).reason()).isEqualTo(Reason.UNAUTHORIZED))
          .satisfies(e -> assertNoSecret(e, wrong));
      assertThat(client.toString()).doesNotContain(WRONG_PASSWORD);
    }
  }

  @Test
  void fetchManifest_noCredentials_saysWhereToAddThem() {
    try (RegistryClient client = clientWith(null)) {
      assertThatThrownBy(() -> client.fetchManifest(registry.ref("private/app:1")))
          .isInstanceOf(RegistryException.class)
          .hasMessageStartingWith(
              "unauthorized: %s requires credentials to pull %s/private/app",
              registry.authority(), registry.authority())
          .hasMessageContaining("registries file");
    }
  }

  @Test
  void toString_ofConfigWithCredentials_hidesThePassword() {
    RegistryConfig config =
        RegistryConfig.defaults()
            .withHost(
                HostConfig.of(registry.authority())
                    .withCredentials(new Credentials(USER, PASSWORD)));

    assertThat(config.toString()).contains(USER).doesNotContain(PASSWORD);
    assertThat(new Credentials(USER, PASSWORD).toString()).doesNotContain(PASSWORD);
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
