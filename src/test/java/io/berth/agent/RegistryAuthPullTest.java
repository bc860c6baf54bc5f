package io.berth.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.api.ApiException;
import io.berth.api.PullProgress;
import io.berth.api.PullRequest;
import io.berth.api.PullResult;
import io.berth.testing.BerthHome;
import io.berth.testing.Credentials;
import io.berth.testing.TestImages;
import io.berth.testing.TestRegistry;
import io.berth.testing.TokenPolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Pulls from registries that want credentials or TLS, as berth's users meet them. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class RegistryAuthPullTest {

  private static PullResult pull(Engine engine, String reference) {
    return engine.images().pull(PullRequest.of(reference), PullProgress.NONE);
  }

  @Test
  void pull_basicAuthWithCredentialsInTheRegistriesFile_succeeds() {
    try (TestRegistry registry = TestRegistry.builder().basicAuth().start();
        BerthHome home = BerthHome.create().trust(registry);
        Engine engine = home.engine()) {
      TestImages.busybox(registry, "private/app:1");

      assertThat(pull(engine, registry.ref("private/app:1")).layersPulled()).isEqualTo(1);
    }
  }

  @Test
  void pull_basicAuthWithoutCredentials_isUnauthorizedAndShowsNoSecret() {
    try (TestRegistry registry = TestRegistry.builder().basicAuth().start();
        BerthHome home = BerthHome.create();
        Engine engine = home.engine()) {
      TestImages.busybox(registry, "private/app:1");
      String password = registry.credentials().orElseThrow().password();

      assertThatThrownBy(
              () ->
                  engine
                      .images()
                      .pull(
                          new PullRequest(registry.ref("private/app:1"), null, false),
                          PullProgress.NONE))
          .isInstanceOf(ApiException.class)
          .satisfies(
              e -> assertThat(((ApiException) e).kind()).isEqualTo(ApiException.Kind.UNAUTHORIZED))
          .hasMessageContaining(registry.host())
          .hasMessageNotContaining(password);
    }
  }

  @Test
  void pull_tokenAuth_fetchesATokenOnceAndReusesItAcrossPulls() {
    try (TestRegistry registry =
            TestRegistry.builder()
                .tokenAuth(t -> t.requireCredentials(true).policy(TokenPolicy.usersOnly()))
                .start();
        BerthHome home = BerthHome.create().trust(registry);
        Engine engine = home.engine()) {
      TestImages.busyboxVersion(registry, "tokened/app:1", 1);
      int before = registry.tokenServer().orElseThrow().issuedTokens();

      pull(engine, registry.ref("tokened/app:1"));
      int afterFirst = registry.tokenServer().orElseThrow().issuedTokens();
      pull(engine, registry.ref("tokened/app:1"));
      int afterSecond = registry.tokenServer().orElseThrow().issuedTokens();

      assertThat(afterFirst - before).as("one token for the repository's pull scope").isEqualTo(1);
      assertThat(afterSecond).as("the second pull reuses it").isEqualTo(afterFirst);
    }
  }

  @Test
  void pull_tokenAuthWithWrongPassword_isUnauthorized() throws Exception {
    try (TestRegistry registry =
            TestRegistry.builder()
                .tokenAuth(t -> t.requireCredentials(true).policy(TokenPolicy.usersOnly()))
                .start();
        BerthHome home = BerthHome.create()) {
      TestImages.busybox(registry, "tokened/app:1");
      Files.writeString(
          home.registriesFile(),
          """
          registries:
            "%s":
              tlsVerify: false
              username: "%s"
              password: "wrong-password"
          """
              .formatted(registry.host(), registry.credentials().orElseThrow().username()));
      Engine wrong =
          Engine.open(
              new Settings(
                  home.root().resolveSibling("root2"),
                  home.state(),
                  home.directory().resolve("registries.yaml"),
                  home.directory().resolve("none.json"),
                  2,
                  Settings.DEFAULT_MAX_LAYER_BYTES,
                  true));
      try (wrong) {
        assertThatThrownBy(() -> pull(wrong, registry.ref("tokened/app:1")))
            .isInstanceOf(ApiException.class)
            .hasMessageContaining("unauthorized")
            .hasMessageNotContaining("wrong-password");
      }
    }
  }

  @Test
  void pull_credentialsFromDockerConfigJson_areUsed() throws Exception {
    try (TestRegistry registry = TestRegistry.builder().basicAuth().start();
        BerthHome home = BerthHome.create()) {
      TestImages.busybox(registry, "docker/app:1");
      Credentials c = registry.credentials().orElseThrow();
      Path dockerConfig = home.directory().resolve("config.json");
      String auth =
          Base64.getEncoder()
              .encodeToString((c.username() + ":" + c.password()).getBytes(StandardCharsets.UTF_8));
      Files.writeString(
          dockerConfig, "{\"auths\":{\"%s\":{\"auth\":\"%s\"}}}".formatted(registry.host(), auth));
      Path registries = home.directory().resolve("plain.yaml");
      Files.writeString(
          registries, "registries:\n  \"%s\":\n    tlsVerify: false\n".formatted(registry.host()));
      try (Engine engine =
          Engine.open(
              new Settings(
                  home.root(),
                  home.state(),
                  registries,
                  dockerConfig,
                  2,
                  Settings.DEFAULT_MAX_LAYER_BYTES,
                  true))) {
        assertThat(pull(engine, registry.ref("docker/app:1")).layersPulled()).isEqualTo(1);
      }
    }
  }

  @Test
  void pull_tlsRegistryWithItsCaInTheRegistriesFile_succeedsAndFailsWithout() {
    try (TestRegistry registry = TestRegistry.builder().tls().start();
        BerthHome trusting = BerthHome.create().trust(registry);
        Engine engine = trusting.engine();
        BerthHome bare = BerthHome.create();
        Engine untrusting = bare.engine()) {
      TestImages.busybox(registry, "secure/app:1");

      assertThat(pull(engine, registry.ref("secure/app:1")).layersPulled()).isEqualTo(1);
      assertThatThrownBy(() -> pull(untrusting, registry.ref("secure/app:1")))
          .isInstanceOf(ApiException.class)
          .hasMessageContaining("TLS")
          .hasMessageContaining("caFiles");
    }
  }
}
