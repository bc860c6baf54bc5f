package io.berth.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.ZstdInputStream;
import io.berth.image.oci.Descriptor;
import io.berth.image.oci.ImageConfig;
import io.berth.image.oci.ImageManifest;
import io.berth.image.oci.MediaTypes;
import io.berth.spec.Digest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every catalogue image is pushed, fetched back over HTTP, and unpacked by umoci (an unpacker that
 * is not berth's) to check that its expected content is what the image really holds.
 */
@Timeout(300)
class TestImagesTest {
  @AutoClose private final TestRegistry registry = TestRegistry.plain();
  @TempDir Path dir;

  @Test
  void busybox_pushed_isAnOciImageWithOneGzipLayerAndCmdSh() {
    PushedImage image = TestImages.busybox(registry, "busybox:1");

    RegistryHttp.Fetched served = RegistryHttp.anonymous(registry).manifest("busybox", "1");
    assertThat(served.contentType()).isEqualTo(MediaTypes.OCI_MANIFEST);
    assertThat(served.computedDigest()).isEqualTo(image.digest());
    ImageManifest manifest = image.imageManifest();
    assertThat(manifest.layers())
        .singleElement()
        .extracting(Descriptor::mediaType)
        .isEqualTo(MediaTypes.OCI_LAYER_GZIP);
    ImageConfig config = config(image);
    assertThat(config.config().cmd()).containsExactly("sh");
    assertThat(config.config().env()).contains("PATH=" + Busybox.PATH_ENV);
    assertThat(config.rootfs().diffIds()).hasSize(1);
    Busybox.expected().assertMatches(unpack("busybox:1"));
  }

  @Test
  void busyboxVersion_pushedTwice_differsOnlyInTheTopLayer() {
    PushedImage one = TestImages.busyboxVersion(registry, "app:1", 1);
    PushedImage two = TestImages.busyboxVersion(registry, "app:2", 2);

    assertThat(one.digest()).isNotEqualTo(two.digest());
    assertThat(one.imageManifest().layers().getFirst())
        .isEqualTo(two.imageManifest().layers().getFirst());
    assertThat(config(two).config().labels())
        .containsEntry("org.opencontainers.image.version", "2");
    Path rootfs = unpack("app:2");
    Busybox.expected().and(TestImages.versionExpected(2)).assertMatches(rootfs);
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void featureLayers_eachCompression_unpacksToTheExpectedContent(Compression compression)
      throws IOException {
    String ref = "features:" + compression.name().toLowerCase();
    PushedImage image = TestImages.featureLayers(registry, ref, compression, PushFormat.AS_WRITTEN);

    assertThat(image.imageManifest().layers())
        .hasSize(3)
        .extracting(Descriptor::mediaType)
        .containsOnly(compression.ociMediaType());
    List<Descriptor> layers = image.imageManifest().layers();
    List<Digest> diffIds = config(image).rootfs().diffIds();
    assertThat(diffIds).hasSize(3);
    for (int i = 0; i < layers.size(); i++) {
      assertThat(diffIdOf("features", layers.get(i), compression)).isEqualTo(diffIds.get(i));
    }
    if (compression == Compression.ZSTD) {
      // umoci 0.4.7 refuses zstd layers ("blob is not correct mediatype"); the layers decompress
      // to the same diff_ids as the gzip ones, whose content the other runs check
      return;
    }
    FeatureLayers.expected().assertMatches(unpack(ref));
  }

  @Test
  void featureLayers_dockerV2s2_isServedWithDockerMediaTypesAndSameContent() {
    PushedImage image =
        TestImages.featureLayers(
            registry, "features:docker", Compression.GZIP, PushFormat.DOCKER_V2S2);

    assertThat(RegistryHttp.anonymous(registry).manifest("features", "docker").contentType())
        .isEqualTo(MediaTypes.DOCKER_MANIFEST);
    assertThat(image.imageManifest().config().mediaType()).isEqualTo(MediaTypes.DOCKER_CONFIG);
    assertThat(image.imageManifest().layers())
        .extracting(Descriptor::mediaType)
        .containsOnly(MediaTypes.DOCKER_LAYER_GZIP);
    FeatureLayers.expected().assertMatches(unpack("features:docker"));
  }

  @Test
  void umoci_builtWithTheRealTools_unpacksToTheExpectedContent() {
    PushedImage image = TestImages.umoci(registry, "umoci:1", PushFormat.AS_WRITTEN);

    assertThat(image.imageManifest().layers()).hasSize(3);
    assertThat(config(image).config().cmd()).containsExactly("sh");
    UmociImage.expected().assertMatches(unpack("umoci:1"));
  }

  @Test
  void multiPlatform_oci_isServedAsAnIndexOfTwoPlatforms() {
    PushedImage index = TestImages.multiPlatform(registry, "multi:oci", PushFormat.AS_WRITTEN);

    assertThat(RegistryHttp.anonymous(registry).manifest("multi", "oci").contentType())
        .isEqualTo(MediaTypes.OCI_INDEX);
    assertThat(index.index().platforms()).containsExactly("linux/amd64", "linux/arm64");
    for (var platform : List.of(TestImages.AMD64, TestImages.ARM64)) {
      Descriptor entry = index.index().select(platform).orElseThrow();
      Path rootfs = unpackEntry("multi:oci", entry);
      TestImages.platformExpected(platform).and(Busybox.expected()).assertMatches(rootfs);
    }
  }

  @Test
  void multiPlatform_dockerV2s2_isServedAsADockerManifestList() {
    PushedImage list = TestImages.multiPlatform(registry, "multi:docker", PushFormat.DOCKER_V2S2);

    assertThat(RegistryHttp.anonymous(registry).manifest("multi", "docker").contentType())
        .isEqualTo(MediaTypes.DOCKER_MANIFEST_LIST);
    assertThat(list.index().manifests())
        .extracting(Descriptor::mediaType)
        .containsOnly(MediaTypes.DOCKER_MANIFEST);
    Descriptor arm = list.index().select(TestImages.ARM64).orElseThrow();
    RegistryHttp.Fetched armManifest =
        RegistryHttp.anonymous(registry).manifest("multi", arm.digest().toString());
    assertThat(armManifest.contentType()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
    assertThat(armManifest.computedDigest()).isEqualTo(arm.digest());
  }

  @Test
  void wrongDiffId_pushed_configDiffIdIsNotTheLayersDigest() throws IOException {
    PushedImage image = TestImages.wrongDiffId(registry, "lies:diffid");

    Digest layerDiffId =
        diffIdOf("lies", image.imageManifest().layers().getFirst(), Compression.GZIP);
    assertThat(config(image).rootfs().diffIds()).singleElement().isNotEqualTo(layerDiffId);
  }

  @Test
  void wrongLayerSize_pushed_manifestSizeIsNotTheBlobsSize() {
    PushedImage image = TestImages.wrongLayerSize(registry, "lies:size");

    Descriptor layer = image.imageManifest().layers().getFirst();
    byte[] blob = RegistryHttp.anonymous(registry).blob("lies", layer.digest()).body();
    assertThat(Digest.sha256(blob)).isEqualTo(layer.digest());
    assertThat(layer.size()).isEqualTo(blob.length + 1L);
  }

  private ImageConfig config(PushedImage image) {
    Descriptor config = image.imageManifest().config();
    RegistryHttp.Fetched blob =
        RegistryHttp.anonymous(registry).blob(image.repository(), config.digest());
    assertThat(blob.computedDigest()).isEqualTo(config.digest());
    return ImageConfig.parse(blob.body());
  }

  /** The sha256 of the layer blob the registry serves, decompressed. */
  private Digest diffIdOf(String repository, Descriptor layer, Compression compression)
      throws IOException {
    byte[] blob = RegistryHttp.anonymous(registry).blob(repository, layer.digest()).body();
    InputStream raw = new ByteArrayInputStream(blob);
    try (InputStream in =
        switch (compression) {
          case NONE -> raw;
          case GZIP -> new GZIPInputStream(raw);
          case ZSTD -> new ZstdInputStream(raw);
        }) {
      return Digest.sha256(in.readAllBytes());
    }
  }

  /** Pulls the image back with skopeo and unpacks it with umoci; returns its root filesystem. */
  private Path unpack(String repositoryAndTag) {
    OciLayout layout =
        Skopeo.pullAsOci(
            registry, repositoryAndTag, OciLayout.create(dir.resolve("pulled")), "pulled");
    return Umoci.unpack(layout, "pulled", dir.resolve("bundle"));
  }

  private Path unpackEntry(String repositoryAndTag, Descriptor entry) {
    Path layoutDir = dir.resolve("pulled-" + entry.digest().hex());
    OciLayout layout =
        Skopeo.pull(registry, repositoryAndTag, OciLayout.create(layoutDir), "index");
    layout.tag("entry", entry);
    return Umoci.unpack(layout, "entry", dir.resolve("bundle-" + entry.digest().hex()));
  }
}
