package io.berth.testing;

import io.berth.image.oci.Descriptor;
import io.berth.image.oci.MediaTypes;
import io.berth.spec.Digest;
import io.berth.spec.Platform;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * The images berth's tests pull, each built in a temporary OCI layout and pushed with skopeo to a
 * {@link TestRegistry}; the layout is deleted afterwards, so the registry holds the only copy. What
 * an image must unpack to is in {@link Busybox#expected()}, {@link FeatureLayers#expected()},
 * {@link UmociImage#expected()} and {@link #platformExpected(Platform)}.
 *
 * <pre>{@code
 * PushedImage base = TestImages.busybox(registry, "busybox:1");
 * PushedImage v2 = TestImages.busyboxVersion(registry, "app:2", 2);   // /app/version is "2\n"
 * PushedImage rich = TestImages.featureLayers(registry, "rich:zstd", Compression.ZSTD, PushFormat.AS_WRITTEN);
 * PushedImage list = TestImages.multiPlatform(registry, "multi:1", PushFormat.DOCKER_V2S2);
 * }</pre>
 */
public final class TestImages {
  public static final Platform AMD64 = new Platform("linux", "amd64", null);
  public static final Platform ARM64 = new Platform("linux", "arm64", null);

  private TestImages() {}

  /** One busybox layer (gzip, OCI), {@code Cmd ["sh"]}. */
  public static PushedImage busybox(TestRegistry registry, String repositoryAndTag) {
    return busybox(registry, repositoryAndTag, Busybox.config());
  }

  /** Busybox with this config and {@code extraLayers} (gzip) on top. */
  public static PushedImage busybox(
      TestRegistry registry,
      String repositoryAndTag,
      ImageConfigBuilder config,
      Layer... extraLayers) {
    return push(
        registry,
        repositoryAndTag,
        PushFormat.AS_WRITTEN,
        layout -> {
          List<LayerBlob> layers = new ArrayList<>();
          layers.add(layout.addLayer(Busybox.layer(), Compression.GZIP));
          for (Layer extra : extraLayers) {
            layers.add(layout.addLayer(extra, Compression.GZIP));
          }
          return layout.addImage(config, layers).manifest();
        });
  }

  /**
   * Busybox plus a layer with {@code /app/version} holding {@code "N\n"} and the label {@code
   * org.opencontainers.image.version=N}: push 1, 2, 3 to test upgrades.
   */
  public static PushedImage busyboxVersion(
      TestRegistry registry, String repositoryAndTag, int version) {
    return busybox(
        registry,
        repositoryAndTag,
        Busybox.config().label("org.opencontainers.image.version", Integer.toString(version)),
        versionLayer(version));
  }

  public static Layer versionLayer(int version) {
    return Layer.builder().directory("app").file("app/version", version + "\n").build();
  }

  public static ExpectedRootfs versionExpected(int version) {
    return new ExpectedRootfs(List.of(ExpectedEntry.File.of("app/version", version + "\n", 0644)));
  }

  /**
   * The three {@link FeatureLayers} with layers compressed as asked. {@link PushFormat#DOCKER_V2S2}
   * needs {@link Compression#GZIP}: Docker schema 2 has no other layer media type.
   */
  public static PushedImage featureLayers(
      TestRegistry registry, String repositoryAndTag, Compression compression, PushFormat format) {
    if (format == PushFormat.DOCKER_V2S2 && compression != Compression.GZIP) {
      throw new IllegalArgumentException("Docker schema 2 images have gzip layers only");
    }
    return push(
        registry,
        repositoryAndTag,
        format,
        layout ->
            layout
                .addImage(
                    ImageConfigBuilder.create().cmd("/bin/setuid").label("berth.test", "features"),
                    FeatureLayers.layers().stream()
                        .map(l -> layout.addLayer(l, compression))
                        .toList())
                .manifest());
  }

  /** The {@link UmociImage}, built by umoci (gzip layers). */
  public static PushedImage umoci(
      TestRegistry registry, String repositoryAndTag, PushFormat format) {
    try (TempDirectory work = TempDirectory.create("berth-umoci-")) {
      OciLayout layout = UmociImage.build(work.path());
      return Skopeo.push(layout, UmociImage.TAG, registry, repositoryAndTag, format);
    }
  }

  /**
   * An index with a linux/amd64 and a linux/arm64 image, both busybox plus {@code /etc/platform}
   * naming their platform. As {@link PushFormat#DOCKER_V2S2} it becomes a Docker manifest list.
   */
  public static PushedImage multiPlatform(
      TestRegistry registry, String repositoryAndTag, PushFormat format) {
    return push(
        registry,
        repositoryAndTag,
        format,
        layout -> {
          LayerBlob base = layout.addLayer(Busybox.layer(), Compression.GZIP);
          Map<Platform, Descriptor> manifests = new LinkedHashMap<>();
          for (Platform platform : List.of(AMD64, ARM64)) {
            Layer marker =
                Layer.builder().directory("etc").file("etc/platform", platform + "\n").build();
            manifests.put(
                platform,
                layout
                    .addImage(
                        Busybox.config().platform(platform),
                        List.of(base, layout.addLayer(marker, Compression.GZIP)))
                    .manifest());
          }
          return layout.addIndex(manifests, MediaTypes.OCI_INDEX);
        });
  }

  /** What the {@link #multiPlatform} image for {@code platform} has besides busybox. */
  public static ExpectedRootfs platformExpected(Platform platform) {
    return new ExpectedRootfs(
        List.of(ExpectedEntry.File.of("etc/platform", platform + "\n", 0644)));
  }

  /** Busybox whose config lists a diff_id that is not its layer's: a puller must refuse it. */
  public static PushedImage wrongDiffId(TestRegistry registry, String repositoryAndTag) {
    Digest lie = Digest.sha256("not the layer".getBytes(StandardCharsets.UTF_8));
    return push(
        registry,
        repositoryAndTag,
        PushFormat.AS_WRITTEN,
        layout ->
            layout
                .addImage(
                    Busybox.config().diffIdsOverride(List.of(lie)),
                    List.of(layout.addLayer(Busybox.layer(), Compression.GZIP)))
                .manifest());
  }

  /**
   * Busybox whose manifest says its layer is one byte longer than the blob: a puller must refuse
   * the blob (the registry serves the real one).
   */
  public static PushedImage wrongLayerSize(TestRegistry registry, String repositoryAndTag) {
    return push(
        registry,
        repositoryAndTag,
        PushFormat.AS_WRITTEN,
        layout -> {
          LayerBlob layer = layout.addLayer(Busybox.layer(), Compression.GZIP);
          Descriptor config =
              layout.addBlob(
                  Busybox.config().toJson(List.of(layer.diffId())), MediaTypes.OCI_CONFIG);
          Descriptor lying =
              Descriptor.of(layer.compression().ociMediaType(), layer.digest(), layer.size() + 1);
          return layout.addManifest(config, List.of(lying), MediaTypes.OCI_MANIFEST);
        });
  }

  /**
   * A hostile case as an image: its layers (gzip) under a config whose diff_ids are right, so only
   * the content is hostile.
   */
  public static PushedImage hostile(
      TestRegistry registry, String repositoryAndTag, HostileLayer attack) {
    return push(
        registry,
        repositoryAndTag,
        PushFormat.AS_WRITTEN,
        layout ->
            layout
                .addImage(
                    ImageConfigBuilder.create()
                        .cmd("/bin/true")
                        .label("berth.hostile", attack.name()),
                    attack.layers().stream()
                        .map(l -> layout.addLayer(l, Compression.GZIP))
                        .toList())
                .manifest());
  }

  /**
   * An image whose one layer (gzip) holds {@code /random.bin}: {@code fileSize} random bytes, the
   * same for the same reference. Its layer blob is about as large as the file, so a test can read
   * it from an offset; the bytes of every blob are kept in the answer.
   */
  public static RandomImage randomLayer(
      TestRegistry registry, String repositoryAndTag, int fileSize) {
    byte[] random = new byte[fileSize];
    new Random(repositoryAndTag.hashCode()).nextBytes(random);
    Layer layer = Layer.builder().file("random.bin", Content.of(random), LayerBuilder.FILE).build();
    return inLayout(
        layout -> {
          LayoutImage image =
              layout.addImage(
                  ImageConfigBuilder.create().cmd("/bin/sh"),
                  List.of(layout.addLayer(layer, Compression.GZIP)));
          layout.tag("image", image.manifest());
          PushedImage pushed =
              Skopeo.push(layout, "image", registry, repositoryAndTag, PushFormat.AS_WRITTEN);
          LayerBlob blob = image.layers().getFirst();
          return new RandomImage(
              pushed,
              layout.readBlob(image.manifest().digest()),
              image.config(),
              layout.readBlob(image.config().digest()),
              blob.descriptor(),
              layout.readBlob(blob.digest()));
        });
  }

  /** Writes an image or index with {@code writer} into a fresh layout and pushes it. */
  public static PushedImage push(
      TestRegistry registry,
      String repositoryAndTag,
      PushFormat format,
      Function<OciLayout, Descriptor> writer) {
    return inLayout(
        layout -> {
          layout.tag("image", writer.apply(layout));
          return Skopeo.push(layout, "image", registry, repositoryAndTag, format);
        });
  }

  /** Runs {@code work} on a fresh layout, deleted afterwards. */
  private static <T> T inLayout(Function<OciLayout, T> work) {
    try (TempDirectory directory = TempDirectory.create("berth-layout-")) {
      return work.apply(OciLayout.create(directory.resolve("layout")));
    }
  }
}
