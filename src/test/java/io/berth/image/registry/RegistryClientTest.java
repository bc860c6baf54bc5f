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
import io.berth.testing.PushFormat;
import io.berth.testing.PushedImage;
import io.berth.testing.RandomImage;
import io.berth.testing.RegistryHttp;
import io.berth.testing.TestImages;
import io.berth.testing.TestRegistry;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The client against a real CNCF registry on loopback, plain HTTP, no auth. */
@Tag("registry")
@Timeout(60)
class RegistryClientTest {
  @AutoClose static TestRegistry registry;
  @AutoClose static RegistryClient client;
  static RandomImage app;
  static PushedImage multi;
  static Digest arm64Digest;
  static byte[] arm64Manifest;

  @BeforeAll
  static void start() {
    registry = TestRegistry.plain();
    app = TestImages.randomLayer(registry, "test/app:1", 200_000);
    multi = TestImages.multiPlatform(registry, "test/multi:latest", PushFormat.AS_WRITTEN);
    arm64Digest = multi.index().select(TestImages.ARM64).orElseThrow().digest();
    arm64Manifest =
        RegistryHttp.anonymous(registry).manifest("test/multi", arm64Digest.toString()).body();
    client = RegistryClient.create(insecureConfig(registry.host()));
  }

  static ImageRef ref(TestRegistry registry, String repositoryAndTag) {
    return ImageRef.parse(registry.ref(repositoryAndTag));
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
    ManifestResponse response = client.fetchManifest(ref(registry, "test/app:1"));

    assertThat(response.digest()).isEqualTo(app.digest());
    assertThat(response.registryDigest()).contains(app.digest());
    assertThat(response.manifest().raw()).isEqualTo(app.manifest());
    assertThat(response.manifest()).isInstanceOf(ImageManifest.class);
    ImageManifest manifest = (ImageManifest) response.manifest();
    assertThat(manifest.config().digest()).isEqualTo(app.config().digest());
    assertThat(manifest.layers()).containsExactly(app.layer());
    assertThat(response.pinned().digest()).isEqualTo(app.digest());
  }

  @Test
  void fetchManifest_byDigest_returnsTheSameBytes() throws Exception {
    ImageRef pinned = ref(registry, "test/app@" + app.digest());

    ManifestResponse response = client.fetchManifest(pinned);

    assertThat(response.digest()).isEqualTo(app.digest());
    assertThat(response.manifest().raw()).isEqualTo(app.manifest());
  }

  @Test
  void headManifest_byTag_equalsTheDigestOfGet() throws Exception {
    ImageRef ref = ref(registry, "test/multi:latest");

    Digest head = client.headManifest(ref);

    assertThat(head).isEqualTo(client.fetchManifest(ref).digest()).isEqualTo(multi.digest());
  }

  @Test
  void fetchBlob_config_returnsVerifiedBytes() throws Exception {
    byte[] config = client.fetchBlob(ref(registry, "test/app"), app.config());

    assertThat(config).isEqualTo(app.configBytes());
  }

  @Test
  void fetchBlob_descriptorWithWrongSize_failsAsInvalidContent() {
    Descriptor lying =
        Descriptor.of(MediaTypes.OCI_CONFIG, app.config().digest(), app.config().size() + 1);

    assertThatThrownBy(() -> client.fetchBlob(ref(registry, "test/app"), lying))
        .isInstanceOf(RegistryException.class)
        .hasMessageContaining("descriptor says " + lying.size())
        .extracting(e -> ((RegistryException) e).reason())
        .isEqualTo(Reason.INVALID_CONTENT);
  }

  @Test
  void openBlob_fromZero_streamsTheWholeBlob() throws Exception {
    try (BlobStream stream = client.openBlob(ref(registry, "test/app"), app.layer(), 0)) {
      assertThat(stream.start()).isZero();
      assertThat(stream.rangeHonoured()).isTrue();
      assertThat(stream.body().readAllBytes()).isEqualTo(app.layerBytes());
    }
  }

  @Test
  void openBlob_fromOffset_resumesWhereAsked() throws Exception {
    long offset = 123_456;
    try (BlobStream stream = client.openBlob(ref(registry, "test/app"), app.layer(), offset)) {
      assertThat(stream.rangeHonoured()).isTrue();
      assertThat(stream.start()).isEqualTo(offset);
      assertThat(stream.remaining()).isEqualTo(app.layerBytes().length - offset);
      assertThat(stream.body().readAllBytes())
          .isEqualTo(Arrays.copyOfRange(app.layerBytes(), (int) offset, app.layerBytes().length));
    }
  }

  @Test
  void fetchManifest_unknownTag_failsWithManifestUnknown() {
    ImageRef ref = ref(registry, "test/app:nope");

    assertThatThrownBy(() -> client.fetchManifest(ref))
        .isInstanceOf(RegistryException.class)
        .hasMessageStartingWith(
            "manifest unknown: %s not found in %s".formatted(ref, registry.host()))
        .hasMessageContaining("MANIFEST_UNKNOWN")
        .extracting(e -> ((RegistryException) e).reason())
        .isEqualTo(Reason.NOT_FOUND);
  }

  @Test
  void headManifest_unknownRepository_failsWithManifestUnknown() {
    ImageRef ref = ref(registry, "no/such:thing");

    assertThatThrownBy(() -> client.headManifest(ref))
        .isInstanceOf(RegistryException.class)
        .hasMessageStartingWith(
            "manifest unknown: %s not found in %s".formatted(ref, registry.host()));
  }

  @Test
  void fetchBlob_unknownDigest_failsWithBlobUnknown() {
    Descriptor missing =
        Descriptor.of(MediaTypes.OCI_CONFIG, Digest.sha256("nothing".getBytes()), 7);

    assertThatThrownBy(() -> client.fetchBlob(ref(registry, "test/app"), missing))
        .isInstanceOf(RegistryException.class)
        .hasMessageStartingWith(
            "blob unknown: %s of %s/test/app not found in %s"
                .formatted(missing.digest(), registry.host(), registry.host()));
  }

  @Test
  void fetchImageManifest_index_followsTheEntryForThePlatform() throws Exception {
    ManifestResponse top = client.fetchManifest(ref(registry, "test/multi:latest"));
    assertThat(top.manifest()).isInstanceOf(ImageIndex.class);

    ManifestResponse image =
        client.fetchImageManifest(
            ref(registry, "test/multi:latest"), Platform.parse("linux/arm64"));

    assertThat(image.digest()).isEqualTo(arm64Digest);
    assertThat(image.manifest().raw()).isEqualTo(arm64Manifest);
  }

  @Test
  void fetchImageManifest_platformNotInIndex_listsThePlatformsOffered() {
    ImageRef ref = ref(registry, "test/multi:latest");

    assertThatThrownBy(() -> client.fetchImageManifest(ref, Platform.parse("linux/s390x")))
        .isInstanceOf(RegistryException.class)
        .hasMessage("%s has no image for linux/s390x; it offers linux/amd64, linux/arm64", ref)
        .extracting(e -> ((RegistryException) e).reason())
        .isEqualTo(Reason.NO_MATCHING_PLATFORM);
  }

  @Test
  void fetchManifest_plainHttpRegistryWithTlsVerify_failsWithAdvice() {
    try (RegistryClient verifying = RegistryClient.create(RegistryConfig.defaults())) {
      assertThatThrownBy(() -> verifying.fetchManifest(ref(registry, "test/app:1")))
          .isInstanceOf(RegistryException.class)
          .hasMessageContaining("TLS with " + registry.host() + " failed")
          .hasMessageContaining("tlsVerify: false")
          .extracting(e -> ((RegistryException) e).reason())
          .isEqualTo(Reason.TLS);
    }
  }
}
