package io.berth.image.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.image.registry.RegistryException.Reason;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
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
  static TestPki pki;
  static LocalRegistry registry;
  static TestImage app;

  @BeforeAll
  static void start() throws Exception {
    pki = TestPki.create(dir);
    registry = LocalRegistry.start(dir, LocalRegistry.Options.tls(pki));
    HostConfig trusting = HostConfig.of(registry.authority()).withCaFiles(List.of(pki.caCert()));
    try (TestPush push =
        new TestPush(
            URI.create("https://" + registry.authority()),
            repo -> Optional.empty(),
            TlsTrust.contextFor(trusting))) {
      app = TestImage.push(push, "tls/app", "1", "amd64", 100);
    }
  }

  @AfterAll
  static void stop() {
    if (registry != null) {
      registry.close();
    }
  }

  static RegistryClient clientWith(HostConfig host) {
    return RegistryClient.create(
        RegistryClientTest.insecureConfig(registry.authority()).withHost(host));
  }

  @Test
  void fetchManifest_privateCaNotTrusted_failsWithAdviceAndWithoutRetrying() {
    try (RegistryClient client = clientWith(HostConfig.of(registry.authority()))) {
      assertThatThrownBy(() -> client.fetchManifest(registry.ref("tls/app:1")))
          .isInstanceOf(RegistryException.class)
          .hasMessageStartingWith("TLS with %s failed", registry.authority())
          .hasMessageContaining("caFiles")
          .hasMessageNotContaining("gave up after")
          .extracting(e -> ((RegistryException) e).reason())
          .isEqualTo(Reason.TLS);
    }
  }

  @Test
  void fetchManifest_caFileConfigured_trustsTheRegistry() throws Exception {
    HostConfig host = HostConfig.of(registry.authority()).withCaFiles(List.of(pki.caCert()));
    try (RegistryClient client = clientWith(host)) {
      assertThat(client.fetchManifest(registry.ref("tls/app:1")).digest())
          .isEqualTo(app.manifestDigest());
    }
  }

  @Test
  void fetchManifest_caFileFromTheRegistriesFile_trustsTheRegistry() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("registries.yaml"),
            "registries:\n  \"%s\":\n    caFiles: [%s]\n"
                .formatted(registry.authority(), pki.caCert()));
    try (RegistryClient client = RegistryClient.create(RegistryConfig.load(file, null))) {
      assertThat(client.headManifest(registry.ref("tls/app:1"))).isEqualTo(app.manifestDigest());
    }
  }

  @Test
  void fetchManifest_caOfAnotherHost_stillFailsHostnameOrTrustChecks() throws Exception {
    // A CA file that does not vouch for this registry adds nothing.
    Path otherDir = Files.createDirectories(dir.resolve("other"));
    TestPki other = TestPki.create(otherDir);
    HostConfig host = HostConfig.of(registry.authority()).withCaFiles(List.of(other.caCert()));
    try (RegistryClient client = clientWith(host)) {
      assertThatThrownBy(() -> client.fetchManifest(registry.ref("tls/app:1")))
          .isInstanceOf(RegistryException.class)
          .extracting(e -> ((RegistryException) e).reason())
          .isEqualTo(Reason.TLS);
    }
  }

  @Test
  void fetchManifest_tlsVerifyFalse_acceptsTheCertificateOverHttps() throws Exception {
    try (RegistryClient client =
        clientWith(HostConfig.of(registry.authority()).withTlsVerify(false))) {
      assertThat(client.fetchManifest(registry.ref("tls/app:1")).digest())
          .isEqualTo(app.manifestDigest());
      assertThat(client.fetchBlob(registry.ref("tls/app"), app.configDescriptor()))
          .isEqualTo(app.config());
    }
  }
}
