package io.berth.image.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.spec.Platform;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ManifestTest {
  private static final String D1 = "sha256:" + "1".repeat(64);
  private static final String D2 = "sha256:" + "2".repeat(64);

  @Test
  void parse_ociManifestWithoutMediaType_isAnImageManifest() {
    String json =
        """
        {"schemaVersion":2,
         "config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"%s","size":10},
         "layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+zstd","digest":"%s","size":20}]}
        """
            .formatted(D1, D2);
    Manifest m = Manifest.parse(json.getBytes(StandardCharsets.UTF_8), null);
    assertThat(m).isInstanceOf(ImageManifest.class);
    assertThat(((ImageManifest) m).layers()).hasSize(1);
    assertThat(((ImageManifest) m).layersSize()).isEqualTo(20);
  }

  @Test
  void parse_dockerList_selectsTheRequestedPlatform() {
    String json =
        """
        {"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.list.v2+json",
         "manifests":[
          {"mediaType":"application/vnd.docker.distribution.manifest.v2+json","digest":"%s","size":1,
           "platform":{"architecture":"arm64","os":"linux","variant":"v8"}},
          {"mediaType":"application/vnd.docker.distribution.manifest.v2+json","digest":"%s","size":1,
           "platform":{"architecture":"amd64","os":"linux"}}]}
        """
            .formatted(D1, D2);
    ImageIndex index = (ImageIndex) Manifest.parse(json.getBytes(StandardCharsets.UTF_8), null);
    assertThat(index.select(Platform.parse("linux/amd64")).orElseThrow().digest().toString())
        .isEqualTo(D2);
    assertThat(index.select(Platform.parse("linux/arm64")).orElseThrow().digest().toString())
        .isEqualTo(D1);
    assertThat(index.select(Platform.parse("linux/s390x"))).isEmpty();
    assertThat(index.platforms()).containsExactly("linux/arm64", "linux/amd64");
  }

  @Test
  void parse_schema1_isRefusedWithAReason() {
    assertThatThrownBy(
            () -> Manifest.parse("{\"schemaVersion\":1}".getBytes(StandardCharsets.UTF_8), null))
        .hasMessageContaining("schema 1");
  }

  @Test
  void parse_unknownLayerType_isRefused() {
    String json =
        """
        {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",
         "config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"%s","size":10},
         "layers":[{"mediaType":"application/x-evil","digest":"%s","size":20}]}
        """
            .formatted(D1, D2);
    assertThatThrownBy(() -> Manifest.parse(json.getBytes(StandardCharsets.UTF_8), null))
        .hasMessageContaining("unsupported media type 'application/x-evil'");
  }

  @Test
  void parse_notJson_saysSo() {
    assertThatThrownBy(() -> Manifest.parse("<html>".getBytes(StandardCharsets.UTF_8), "text/html"))
        .hasMessageContaining("not valid JSON");
  }
}
