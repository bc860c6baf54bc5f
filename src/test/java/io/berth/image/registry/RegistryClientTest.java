package io.berth.image.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.image.oci.Descriptor;
import io.berth.image.oci.ImageIndex;
import io.berth.image.oci.ImageManifest;
import io.berth.image.oci.MediaTypes;
import io.berth.image.registry.RegistryException.Reason;
import io.berth.spec.Digest;
import io.berth.spec.ImageRef;
import io.berth.spec.Platform;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The client against a real CNCF registry on loopback, plain HTTP, no auth. */
@Tag("registry")
@Timeout(60)
class RegistryClientTest {
  @TempDir static Path dir;
  static LocalRegistry registry;
  static RegistryClient client;
  static TestImage app;
  static TestImage amd64;
  static TestImage arm64;
  static Digest indexDigest;

  @BeforeAll
  static void start() throws Exception {
    registry = LocalRegistry.start(dir, LocalRegistry.Options.plain());
    try (TestPush push = TestPush.anonymous(URI.create("http://" + registry.authority()))) {
      app = TestImage.push(push, "test/app", "1", "amd64", 200_000);
      amd64 = TestImage.push(push, "test/multi", "amd64", "amd64", 1000);
      arm64 = TestImage.push(push, "test/multi", "arm64", "arm64", 1000);
      indexDigest = TestImage.pushIndex(push, "test/multi", "latest", amd64, arm64);
    }
    client = RegistryClient.create(insecureConfig(registry.authority()));
  }

  @AfterAll
  static void stop() throws Exception {
    if (client != null) {
      client.close();
    }
    if (registry != null) {
      registry.close();
    }
  }

  static RegistryConfig insecureConfig(String authority) {
    return RegistryConfig.defaults()
        .withHost(HostConfig.of(authority).withTlsVerify(false))
        .withRetry(
            new RetryPolicy(
                3,
                Duration.ofMillis(10),
                Duration.ofMillis(50),
                Duration.ofSeconds(10),
                Duration.ofSeconds(2)))
        .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10));
  }

  @Test
  void fetchManifest_byTag_returnsParsedManifestWithDigestOfRawBytes() throws Exception {
    ManifestResponse response = client.fetchManifest(registry.ref("test/app:1"));

    assertThat(response.digest()).isEqualTo(app.manifestDigest());
    assertThat(response.registryDigest()).contains(app.manifestDigest());
    assertThat(response.manifest().raw()).isEqualTo(app.manifest());
    assertThat(response.manifest()).isInstanceOf(ImageManifest.class);
    ImageManifest manifest = (ImageManifest) response.manifest();
    assertThat(manifest.config().digest()).isEqualTo(app.configDescriptor().digest());
    assertThat(manifest.layers()).containsExactly(app.layerDescriptor());
    assertThat(response.pinned().digest()).isEqualTo(app.manifestDigest());
  }

  @Test
  void fetchManifest_byDigest_returnsTheSameBytes() throws Exception {
    ImageRef pinned = registry.ref("test/app@" + app.manifestDigest());

    ManifestResponse response = client.fetchManifest(pinned);

    assertThat(response.digest()).isEqualTo(app.manifestDigest());
    assertThat(response.manifest().raw()).isEqualTo(app.manifest());
  }

  @Test
  void headManifest_byTag_equalsTheDigestOfGet() throws Exception {
    ImageRef ref = registry.ref("test/multi:latest");

    Digest head = client.headManifest(ref);

    assertThat(head).isEqualTo(client.fetchManifest(ref).digest()).isEqualTo(indexDigest);
  }

  @Test
  void fetchBlob_config_returnsVerifiedBytes() throws Exception {
    byte[] config = client.fetchBlob(registry.ref("test/app"), app.configDescriptor());

    assertThat(config).isEqualTo(app.config());
  }

  @Test
  void fetchBlob_descriptorWithWrongSize_failsAsInvalidContent() {
    Descriptor lying =
        Descriptor.of(
            MediaTypes.OCI_CONFIG,
            app.configDescriptor().digest(),
            app.configDescriptor().size() + 1);

    assertThatThrownBy(() -> client.fetchBlob(registry.ref("test/app"), lying))
        .isInstanceOf(RegistryException.class)
        .hasMessageContaining("descriptor says " + lying.size())
        .extracting(e -> ((RegistryException) e).reason())
        .isEqualTo(Reason.INVALID_CONTENT);
  }

  @Test
  void openBlob_fromZero_streamsTheWholeBlob() throws Exception {
    try (BlobStream stream = client.openBlob(registry.ref("test/app"), app.layerDescriptor(), 0)) {
      assertThat(stream.start()).isZero();
      assertThat(stream.rangeHonoured()).isTrue();
      assertThat(stream.body().readAllBytes()).isEqualTo(app.layer());
    }
  }

  @Test
  void openBlob_fromOffset_resumesWhereAsked() throws Exception {
    long offset = 123_456;
    try (BlobStream stream =
        client.openBlob(registry.ref("test/app"), app.layerDescriptor(), offset)) {
      assertThat(stream.rangeHonoured()).isTrue();
      assertThat(stream.start()).isEqualTo(offset);
      assertThat(stream.remaining()).isEqualTo(app.layer().length - offset);
      assertThat(stream.body().readAllBytes())
          .isEqualTo(Arrays.copyOfRange(app.layer(), (int) offset, app.layer().length));
    }
  }

  @Test
  void fetchManifest_unknownTag_failsWithManifestUnknown() {
    ImageRef ref = registry.ref("test/app:nope");

    assertThatThrownBy(() -> client.fetchManifest(ref))
        .isInstanceOf(RegistryException.class)
        .hasMessageStartingWith(
            "manifest unknown: %s not found in %s".formatted(ref, registry.authority()))
        .hasMessageContaining("MANIFEST_UNKNOWN")
        .extracting(e -> ((RegistryException) e).reason())
        .isEqualTo(Reason.NOT_FOUND);
  }

  @Test
  void headManifest_unknownRepository_failsWithManifestUnknown() {
    ImageRef ref = registry.ref("no/such:thing");

    assertThatThrownBy(() -> client.headManifest(ref))
        .isInstanceOf(RegistryException.class)
        .hasMessageStartingWith(
            "manifest unknown: %s not found in %s".formatted(ref, registry.authority()));
  }

  @Test
  void fetchBlob_unknownDigest_failsWithBlobUnknown() {
    Descriptor missing =
        Descriptor.of(MediaTypes.OCI_CONFIG, Digest.sha256("nothing".getBytes()), 7);

    assertThatThrownBy(() -> client.fetchBlob(registry.ref("test/app"), missing))
        .isInstanceOf(RegistryException.class)
        .hasMessageStartingWith(
            "blob unknown: %s of %s/test/app not found in %s"
                .formatted(missing.digest(), registry.authority(), registry.authority()));
  }

  @Test
  void fetchImageManifest_index_followsTheEntryForThePlatform() throws Exception {
    ManifestResponse top = client.fetchManifest(registry.ref("test/multi:latest"));
    assertThat(top.manifest()).isInstanceOf(ImageIndex.class);

    ManifestResponse image =
        client.fetchImageManifest(registry.ref("test/multi:latest"), Platform.parse("linux/arm64"));

    assertThat(image.digest()).isEqualTo(arm64.manifestDigest());
    assertThat(image.manifest().raw()).isEqualTo(arm64.manifest());
  }

  @Test
  void fetchImageManifest_platformNotInIndex_listsThePlatformsOffered() {
    ImageRef ref = registry.ref("test/multi:latest");

    assertThatThrownBy(() -> client.fetchImageManifest(ref, Platform.parse("linux/s390x")))
        .isInstanceOf(RegistryException.class)
        .hasMessage("%s has no image for linux/s390x; it offers linux/amd64, linux/arm64", ref)
        .extracting(e -> ((RegistryException) e).reason())
        .isEqualTo(Reason.NO_MATCHING_PLATFORM);
  }

  @Test
  void fetchManifest_plainHttpRegistryWithTlsVerify_failsWithAdvice() {
    try (RegistryClient verifying = RegistryClient.create(RegistryConfig.defaults())) {
      assertThatThrownBy(() -> verifying.fetchManifest(registry.ref("test/app:1")))
          .isInstanceOf(RegistryException.class)
          .hasMessageContaining("TLS with " + registry.authority() + " failed")
          .hasMessageContaining("tlsVerify: false")
          .extracting(e -> ((RegistryException) e).reason())
          .isEqualTo(Reason.TLS);
    }
  }
}
