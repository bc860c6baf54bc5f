package io.berth.image.registry;

import static io.berth.image.registry.RegistryClientTest.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.image.registry.RegistryException.Reason;
import io.berth.testing.RandomImage;
import io.berth.testing.TestImages;
import io.berth.testing.TestRegistry;
import io.berth.testing.TlsMaterial;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A registry serving TLS with a certificate from a CA that openssl made for the test. */
@Tag("registry")
@Timeout(60)
class TlsTrustTest {
  @TempDir static Path dir;
  @AutoClose static TestRegistry registry;
  static Path ca;
  static RandomImage app;

  @BeforeAll
  static void start() {
    registry = TestRegistry.builder().tls().start();
    ca = registry.caCertificate().orElseThrow();
    app = TestImages.randomLayer(registry, "tls/app:1", 100);
  }

  static RegistryClient clientWith(HostConfig host) {
    return RegistryClient.create(RegistryClientTest.insecureConfig(registry.host()).withHost(host));
  }

  @Test
  void fetchManifest_privateCaNotTrusted_failsWithAdviceAndWithoutRetrying() {
    try (RegistryClient client = clientWith(HostConfig.of(registry.host()))) {
      assertThatThrownBy(() -> client.fetchManifest(ref(registry, "tls/app:1")))
          .isInstanceOf(RegistryException.class)
          .hasMessageStartingWith("TLS with %s failed", registry.host())
          .hasMessageContaining("caFiles")
          .hasMessageNotContaining("gave up after")
          .extracting(e -> ((RegistryException) e).reason())
          .isEqualTo(Reason.TLS);
    }
  }

  @Test
  void fetchManifest_caFileConfigured_trustsTheRegistry() throws Exception {
    HostConfig host = HostConfig.of(registry.host()).withCaFiles(List.of(ca));
    try (RegistryClient client = clientWith(host)) {
      assertThat(client.fetchManifest(ref(registry, "tls/app:1")).digest()).isEqualTo(app.digest());
    }
  }

  @Test
  void fetchManifest_caFileFromTheRegistriesFile_trustsTheRegistry() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("registries.yaml"),
            "registries:\n  \"%s\":\n    caFiles: [%s]\n".formatted(registry.host(), ca));
    try (RegistryClient client = RegistryClient.create(RegistryConfig.load(file, null))) {
      assertThat(client.headManifest(ref(registry, "tls/app:1"))).isEqualTo(app.digest());
    }
  }

  @Test
  void fetchManifest_caOfAnotherHost_stillFailsHostnameOrTrustChecks() throws Exception {
    // A CA file that does not vouch for this registry adds nothing.
    Path otherDir = Files.createDirectories(dir.resolve("other"));
    TlsMaterial other = TlsMaterial.generate(otherDir);
    HostConfig host = HostConfig.of(registry.host()).withCaFiles(List.of(other.caCertificate()));
    try (RegistryClient client = clientWith(host)) {
      assertThatThrownBy(() -> client.fetchManifest(ref(registry, "tls/app:1")))
          .isInstanceOf(RegistryException.class)
          .extracting(e -> ((RegistryException) e).reason())
          .isEqualTo(Reason.TLS);
    }
  }

  @Test
  void fetchManifest_tlsVerifyFalse_acceptsTheCertificateOverHttps() throws Exception {
    try (RegistryClient client = clientWith(HostConfig.of(registry.host()).withTlsVerify(false))) {
      assertThat(client.fetchManifest(ref(registry, "tls/app:1")).digest()).isEqualTo(app.digest());
      assertThat(client.fetchBlob(ref(registry, "tls/app"), app.config()))
          .isEqualTo(app.configBytes());
    }
  }
}
