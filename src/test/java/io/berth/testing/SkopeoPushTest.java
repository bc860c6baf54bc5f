package io.berth.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.image.oci.Descriptor;
import io.berth.image.oci.ImageManifest;
import io.berth.image.oci.MediaTypes;
import io.berth.spec.Platform;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Timeout(120)
class SkopeoPushTest {
  @AutoClose private final TestRegistry registry = TestRegistry.plain();
  @TempDir Path dir;

  private static final Layer SMALL =
      Layer.builder().directory("etc").file("etc/motd", "hi\n").build();

  @ParameterizedTest
  @EnumSource(Compression.class)
  void push_asWritten_keepsDigestMediaTypeAndCompression(Compression compression) {
    OciLayout layout = OciLayout.create(dir.resolve("layout"));
    LayoutImage image =
        layout.addImage(
            ImageConfigBuilder.create().cmd("sh"), List.of(layout.addLayer(SMALL, compression)));
    layout.tag("v1", image.manifest());

    PushedImage pushed = Skopeo.push(layout, "v1", registry, "small:v1", PushFormat.AS_WRITTEN);

    assertThat(pushed.digest()).isEqualTo(image.manifest().digest());
    RegistryHttp.Fetched manifest = RegistryHttp.anonymous(registry).manifest("small", "v1");
    assertThat(manifest.status()).isEqualTo(200);
    assertThat(manifest.contentType()).isEqualTo(MediaTypes.OCI_MANIFEST);
    assertThat(manifest.digestHeader()).isEqualTo(image.manifest().digest().toString());
    assertThat(manifest.computedDigest()).isEqualTo(image.manifest().digest());
    Descriptor layer = pushed.imageManifest().layers().getFirst();
    assertThat(layer.mediaType()).isEqualTo(compression.ociMediaType());
    RegistryHttp.Fetched blob = RegistryHttp.anonymous(registry).blob("small", layer.digest());
    assertThat(blob.computedDigest()).isEqualTo(layer.digest());
    assertThat(blob.body()).isEqualTo(layout.readBlob(layer.digest()));
  }

  @Test
  void push_dockerV2s2_registryServesDockerMediaTypes() {
    OciLayout layout = OciLayout.create(dir.resolve("layout"));
    LayoutImage image =
        layout.addImage(
            ImageConfigBuilder.create(), List.of(layout.addLayer(SMALL, Compression.GZIP)));
    layout.tag("v1", image.manifest());

    PushedImage pushed = Skopeo.push(layout, "v1", registry, "docker:v1", PushFormat.DOCKER_V2S2);

    RegistryHttp.Fetched manifest = RegistryHttp.anonymous(registry).manifest("docker", "v1");
    assertThat(manifest.contentType()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
    ImageManifest served = pushed.imageManifest();
    assertThat(served.mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
    assertThat(served.config().mediaType()).isEqualTo(MediaTypes.DOCKER_CONFIG);
    assertThat(served.layers())
        .extracting(Descriptor::mediaType)
        .containsOnly(MediaTypes.DOCKER_LAYER_GZIP);
    // the layer blob is the same gzip stream; only the documents were rewritten
    assertThat(served.layers().getFirst().digest()).isEqualTo(image.layers().getFirst().digest());
  }

  @Test
  void push_index_isServedAsAnIndexWithBothPlatforms() {
    OciLayout layout = OciLayout.create(dir.resolve("layout"));
    Map<Platform, Descriptor> manifests = new LinkedHashMap<>();
    for (String arch : List.of("amd64", "arm64")) {
      Platform platform = new Platform("linux", arch, null);
      Layer marker = Layer.builder().file("platform", platform.toString()).build();
      manifests.put(
          platform,
          layout
              .addImage(
                  ImageConfigBuilder.create().platform(platform),
                  List.of(layout.addLayer(marker, Compression.GZIP)))
              .manifest());
    }
    Descriptor index = layout.addIndex(manifests, MediaTypes.OCI_INDEX);
    layout.tag("multi", index);

    PushedImage pushed = Skopeo.push(layout, "multi", registry, "multi:1", PushFormat.AS_WRITTEN);

    assertThat(pushed.digest()).isEqualTo(index.digest());
    assertThat(RegistryHttp.anonymous(registry).manifest("multi", "1").contentType())
        .isEqualTo(MediaTypes.OCI_INDEX);
    assertThat(pushed.index().platforms()).containsExactly("linux/amd64", "linux/arm64");
    for (Descriptor entry : pushed.index().manifests()) {
      assertThat(
              RegistryHttp.anonymous(registry)
                  .manifest("multi", entry.digest().toString())
                  .status())
          .isEqualTo(200);
    }
  }

  @Test
  void push_toBasicAuthRegistry_usesItsCredentials() {
    try (TestRegistry secured = TestRegistry.builder().basicAuth().start()) {
      PushedImage pushed = TestImages.busybox(secured, "private:1");

      assertThat(RegistryHttp.anonymous(secured).manifest("private", "1").status()).isEqualTo(401);
      RegistryHttp.Fetched manifest = RegistryHttp.authenticated(secured).manifest("private", "1");
      assertThat(manifest.status()).isEqualTo(200);
      assertThat(manifest.computedDigest()).isEqualTo(pushed.digest());
    }
  }

  @Test
  void push_toTlsRegistry_trustsItsCaThroughTheCertDirectory() {
    try (TestRegistry secured = TestRegistry.builder().tls().basicAuth().start()) {
      PushedImage pushed = TestImages.busybox(secured, "tls:1");

      assertThat(RegistryHttp.authenticated(secured).manifest("tls", "1").computedDigest())
          .isEqualTo(pushed.digest());
    }
  }

  @Test
  void push_toTokenRegistry_getsTokensThatTheRegistryAccepts() {
    try (TestRegistry secured = TestRegistry.builder().tokenAuth().start()) {
      TokenServer tokens = secured.tokenServer().orElseThrow();

      PushedImage pushed = TestImages.busybox(secured, "tokens:1");

      assertThat(tokens.issued())
          .isNotEmpty()
          .allSatisfy(issued -> assertThat(issued.user()).hasValue("berth"))
          .anySatisfy(
              issued ->
                  assertThat(issued.granted())
                      .contains(Scope.repository("tokens", "pull", "push")));
      int before = tokens.issuedTokens();
      RegistryHttp.Fetched manifest = RegistryHttp.authenticated(secured).manifest("tokens", "1");
      assertThat(manifest.status()).as(secured.log()).isEqualTo(200);
      assertThat(manifest.computedDigest()).isEqualTo(pushed.digest());
      assertThat(tokens.issuedTokens()).isEqualTo(before + 1);
    }
  }

  @Test
  void pull_anonymousFromTokenRegistryGrantingUsersOnly_isRefused() {
    try (TestRegistry secured = TestRegistry.builder().tokenAuth().start()) {
      TestImages.busybox(secured, "closed:1");

      RegistryHttp.Fetched anonymous = RegistryHttp.anonymous(secured).manifest("closed", "1");

      assertThat(anonymous.status()).isEqualTo(401);
      assertThat(secured.tokenServer().orElseThrow().issued().getLast().granted()).isEmpty();
    }
  }

  @Test
  void pull_anonymousFromTokenRegistryWithAnonymousPull_isServed() {
    try (TestRegistry secured =
        TestRegistry.builder().tokenAuth(t -> t.policy(TokenPolicy.anonymousPull())).start()) {
      TestImages.busybox(secured, "open:1");

      assertThat(RegistryHttp.anonymous(secured).manifest("open", "1").status()).isEqualTo(200);
    }
  }
}
