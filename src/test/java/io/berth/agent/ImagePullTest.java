package io.berth.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.api.ApiException;
import io.berth.api.ImageDetails;
import io.berth.api.LayerProgress;
import io.berth.api.PullProgress;
import io.berth.api.PullRequest;
import io.berth.api.PullResult;
import io.berth.spec.Digest;
import io.berth.testing.BerthHome;
import io.berth.testing.Busybox;
import io.berth.testing.Compression;
import io.berth.testing.Content;
import io.berth.testing.EntryAttributes;
import io.berth.testing.FeatureLayers;
import io.berth.testing.Layer;
import io.berth.testing.PushFormat;
import io.berth.testing.PushedImage;
import io.berth.testing.TestImages;
import io.berth.testing.TestRegistry;
import io.berth.testing.UmociImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ImagePullTest {
  private static TestRegistry registry;
  private BerthHome home;
  private Engine engine;

  @BeforeAll
  static void startRegistry() {
    registry = TestRegistry.plain();
  }

  @AfterAll
  static void stopRegistry() {
    registry.close();
  }

  @BeforeEach
  void openBerth() {
    home = BerthHome.create().trust(registry);
    engine = home.engine();
  }

  @AfterEach
  void closeBerth() {
    engine.close();
    home.close();
  }

  private PullResult pull(String reference) {
    return engine.images().pull(PullRequest.of(reference), PullProgress.NONE);
  }

  private List<Path> snapshots(ImageDetails image) {
    return image.layers().stream()
        .map(
            l ->
                home.root()
                    .resolve("snapshots")
                    .resolve(Digest.parse(l.chainId()).hex())
                    .resolve("fs"))
        .toList();
  }

  @Test
  void pull_oneLayerBusybox_unpacksVerifiesAndRecordsIt() throws Exception {
    PushedImage pushed = TestImages.busybox(registry, "pull/busybox:1");
    List<LayerProgress> progress = Collections.synchronizedList(new ArrayList<>());

    PullResult result = engine.images().pull(PullRequest.of(pushed.reference()), progress::add);

    assertThat(result.digest()).isEqualTo(pushed.digest().toString());
    assertThat(result.layersPulled()).isEqualTo(1);
    assertThat(result.bytesDownloaded()).isEqualTo(pushed.imageManifest().layersSize());
    assertThat(progress)
        .extracting(LayerProgress::phase)
        .contains(LayerProgress.Phase.PULLING, LayerProgress.Phase.DONE);
    ImageDetails image = engine.images().inspect(pushed.reference());
    assertThat(image.image().references()).containsExactly(pushed.reference());
    assertThat(image.config().path("config").path("Cmd").get(0).asText()).isEqualTo("sh");
    Busybox.expected().assertMatches(snapshots(image).getFirst());
    Path blob =
        home.root()
            .resolve("blobs/sha256")
            .resolve(Digest.parse(image.layers().getFirst().digest()).hex());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(blob)))
        .isEqualTo("r--r--r--");
    assertThat(Digest.sha256(Files.readAllBytes(blob)).toString())
        .isEqualTo(image.layers().getFirst().digest());
  }

  static Stream<Arguments> formats() {
    return Stream.of(
        Arguments.of(Compression.GZIP, PushFormat.AS_WRITTEN),
        Arguments.of(Compression.ZSTD, PushFormat.AS_WRITTEN),
        Arguments.of(Compression.NONE, PushFormat.AS_WRITTEN),
        Arguments.of(Compression.GZIP, PushFormat.DOCKER_V2S2));
  }

  @ParameterizedTest(name = "{0} layers as {1}")
  @MethodSource("formats")
  void pull_featureLayers_stackUnderOverlayToTheExpectedTree(
      Compression compression, PushFormat format) throws Exception {
    String tag =
        "features:"
            + compression.name().toLowerCase()
            + "-"
            + format.name().toLowerCase().replace('_', '-');
    PushedImage pushed = TestImages.featureLayers(registry, tag, compression, format);

    pull(pushed.reference());

    ImageDetails image = engine.images().inspect(pushed.reference());
    assertThat(image.mediaType()).isEqualTo(pushed.mediaType());
    assertThat(image.layers()).hasSize(3);
    try (Overlay rootfs = Overlay.mount(snapshots(image), home.directory().resolve("mnt"))) {
      FeatureLayers.expected().assertMatches(rootfs.path());
    }
  }

  @Test
  void pull_umociBuiltImage_givesWhatUmociItselfUnpacks() throws Exception {
    PushedImage pushed = TestImages.umoci(registry, "umoci:1", PushFormat.AS_WRITTEN);

    pull(pushed.reference());

    ImageDetails image = engine.images().inspect(pushed.reference());
    try (Overlay rootfs = Overlay.mount(snapshots(image), home.directory().resolve("mnt"))) {
      UmociImage.expected().assertMatches(rootfs.path());
    }
  }

  @Test
  void pull_layersUnpackAtOnce_aSmallUpperOneEndsFirst_aHardLinkWaitsForTheLowerItNeeds() {
    Layer big =
        Layer.builder()
            .directory("data")
            .file("data/zeros", new Content.Zeros(128L << 20), EntryAttributes.mode(0644))
            .file("data/shared", "shared by a link\n")
            .build();
    Layer small = Layer.builder().directory("app").file("app/version", "2\n").build();
    Layer linking =
        Layer.builder().directory("more").hardlink("more/linked", "data/shared").build();
    PushedImage pushed =
        TestImages.busybox(registry, "parallel:1", Busybox.config(), big, small, linking);
    List<LayerProgress> progress = Collections.synchronizedList(new ArrayList<>());

    engine.images().pull(PullRequest.of(pushed.reference()), progress::add);

    List<String> done =
        progress.stream()
            .filter(p -> p.phase() == LayerProgress.Phase.DONE)
            .map(LayerProgress::digest)
            .toList();
    var layers = pushed.imageManifest().layers();
    assertThat(done.indexOf(layers.get(2).digest().toString()))
        .as("the small layer above the big one is done first: it did not wait for it")
        .isNotNegative()
        .isLessThan(done.indexOf(layers.get(1).digest().toString()));
    List<Path> snapshots = snapshots(engine.images().inspect(pushed.reference()));
    // the link's target is two layers down: the top layer waited for both, then copied it up
    assertThat(snapshots.get(3).resolve("more/linked")).hasContent("shared by a link");
  }

  @Test
  void pull_multiPlatformIndex_choosesTheHostOrTheRequestedPlatform() throws Exception {
    PushedImage pushed = TestImages.multiPlatform(registry, "multi:1", PushFormat.AS_WRITTEN);

    PullResult host = pull(pushed.reference());
    assertThat(host.platform()).isEqualTo("linux/amd64");
    assertThat(host.digest()).as("the index digest").isEqualTo(pushed.digest().toString());
    assertThat(host.manifestDigest()).isNotEqualTo(host.digest());
    ImageDetails amd = engine.images().inspect(host.manifestDigest());
    try (Overlay rootfs = Overlay.mount(snapshots(amd), home.directory().resolve("mnt"))) {
      TestImages.platformExpected(TestImages.AMD64).assertMatches(rootfs.path());
    }

    PullResult arm =
        engine
            .images()
            .pull(new PullRequest(pushed.reference(), "linux/arm64", null), PullProgress.NONE);
    assertThat(arm.platform()).isEqualTo("linux/arm64");
    assertThat(arm.layersPresent()).as("the shared busybox layer").isEqualTo(1);
    ImageDetails armImage = engine.images().inspect(arm.manifestDigest());
    try (Overlay rootfs = Overlay.mount(snapshots(armImage), home.directory().resolve("mnt2"))) {
      TestImages.platformExpected(TestImages.ARM64).assertMatches(rootfs.path());
    }

    assertThatThrownBy(
            () ->
                engine
                    .images()
                    .pull(
                        new PullRequest(pushed.reference(), "linux/s390x", null),
                        PullProgress.NONE))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("linux/s390x")
        .hasMessageContaining("linux/amd64")
        .hasMessageContaining("linux/arm64");
  }

  @Test
  void pull_dockerManifestList_isReadLikeAnIndex() {
    PushedImage pushed = TestImages.multiPlatform(registry, "multi:docker", PushFormat.DOCKER_V2S2);

    PullResult result = pull(pushed.reference());

    assertThat(result.platform()).isEqualTo("linux/amd64");
    assertThat(engine.images().inspect(result.manifestDigest()).mediaType())
        .isEqualTo("application/vnd.docker.distribution.manifest.v2+json");
  }

  @Test
  void pull_again_downloadsNothingAndSaysUpToDate() {
    PushedImage pushed = TestImages.busybox(registry, "again:1");
    PullResult first = pull(pushed.reference());
    PullResult second = pull(pushed.reference());

    assertThat(first.updated()).isTrue();
    assertThat(second.updated()).isFalse();
    assertThat(second.layersPulled()).isZero();
    assertThat(second.layersPresent()).isEqualTo(1);
    assertThat(second.bytesDownloaded()).isZero();
  }

  @Test
  void pull_imageSharingItsBase_downloadsOnlyTheNewLayer() {
    pull(TestImages.busyboxVersion(registry, "shared:1", 1).reference());
    PushedImage v2 = TestImages.busyboxVersion(registry, "shared:2", 2);

    PullResult result = pull(v2.reference());

    assertThat(result.layersPresent()).isEqualTo(1);
    assertThat(result.layersPulled()).isEqualTo(1);
    assertThat(result.bytesDownloaded()).isEqualTo(v2.imageManifest().layers().get(1).size());
  }

  @Test
  void pull_sameImageTwiceAtOnce_downloadsEachLayerOnce() throws Exception {
    PushedImage pushed =
        TestImages.featureLayers(registry, "concurrent:1", Compression.GZIP, PushFormat.AS_WRITTEN);
    List<PullResult> results = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
      List<Future<PullResult>> futures = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        futures.add(pool.submit(() -> pull(pushed.reference())));
      }
      for (Future<PullResult> f : futures) {
        results.add(f.get(2, TimeUnit.MINUTES));
      }
    }

    long downloaded = results.stream().mapToLong(PullResult::bytesDownloaded).sum();
    assertThat(downloaded).isEqualTo(pushed.imageManifest().layersSize());
    assertThat(results.stream().mapToInt(PullResult::layersPulled).sum()).isEqualTo(3);
  }

  @Test
  void pull_byDigest_isNamedByDigest() {
    PushedImage pushed = TestImages.busybox(registry, "bydigest:1");

    PullResult result = pull(pushed.digestReference());

    assertThat(result.digest()).isEqualTo(pushed.digest().toString());
    assertThat(engine.images().inspect(pushed.digestReference()).image().references())
        .containsExactly(pushed.digestReference());
    assertThat(engine.images().inspect(pushed.digest().hex().substring(0, 10)).image().digest())
        .isEqualTo(pushed.digest().toString());
  }

  @Test
  void pull_configWithWrongDiffId_isRefusedAndLeavesNothing() throws Exception {
    PushedImage pushed = TestImages.wrongDiffId(registry, "lies:diffid");

    assertThatThrownBy(() -> pull(pushed.reference()))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("diff_id")
        .hasMessageContaining(pushed.imageManifest().layers().getFirst().digest().toString());

    assertNothingCommitted(pushed);
  }

  @Test
  void pull_manifestWithWrongLayerSize_isRefusedAndLeavesNothing() throws Exception {
    PushedImage pushed = TestImages.wrongLayerSize(registry, "lies:size");

    assertThatThrownBy(() -> pull(pushed.reference()))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining(pushed.imageManifest().layers().getFirst().digest().toString());

    assertNothingCommitted(pushed);
  }

  @Test
  void pull_unknownTag_saysNotFound() {
    assertThatThrownBy(() -> pull(registry.ref("nothing:here")))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("not found")
        .extracting(e -> ((ApiException) e).kind())
        .isEqualTo(ApiException.Kind.NOT_FOUND);
  }

  @Test
  void pull_registryNotConfiguredForPlainHttp_explainsTlsVerify() {
    try (BerthHome bare = BerthHome.create();
        Engine strict = bare.engine()) {
      TestImages.busybox(registry, "strict:1");
      assertThatThrownBy(
              () ->
                  strict.images().pull(PullRequest.of(registry.ref("strict:1")), PullProgress.NONE))
          .hasMessageContaining("tlsVerify");
      PullResult insecure =
          strict
              .images()
              .pull(new PullRequest(registry.ref("strict:1"), null, false), PullProgress.NONE);
      assertThat(insecure.layersPulled()).isEqualTo(1);
    }
  }

  private void assertNothingCommitted(PushedImage pushed) throws Exception {
    try (Stream<Path> snapshotDirs = Files.list(home.root().resolve("snapshots"))) {
      assertThat(snapshotDirs).as("no snapshot, no leftover").isEmpty();
    }
    for (var layer : pushed.imageManifest().layers()) {
      assertThat(home.root().resolve("blobs/sha256").resolve(layer.digest().hex())).doesNotExist();
    }
    assertThat(engine.images().list()).isEmpty();
  }
}
