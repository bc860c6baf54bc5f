package io.berth.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageRefTest {
  private static final String DIGEST =
      "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

  @ParameterizedTest
  @CsvSource({
    "busybox, docker.io/library/busybox:latest",
    "busybox:1.36, docker.io/library/busybox:1.36",
    "library/busybox, docker.io/library/busybox:latest",
    "docker.io/busybox, docker.io/library/busybox:latest",
    "index.docker.io/library/busybox, docker.io/library/busybox:latest",
    "registry-1.docker.io/library/busybox:x, docker.io/library/busybox:x",
    "myorg/app, docker.io/myorg/app:latest",
    "localhost/app, localhost/app:latest",
    "localhost:5000/app:v2, localhost:5000/app:v2",
    "127.0.0.1:5000/a/b/c:v1.2-rc_3, 127.0.0.1:5000/a/b/c:v1.2-rc_3",
    "quay.io/coreos/etcd, quay.io/coreos/etcd:latest",
    "[::1]:5000/app, [::1]:5000/app:latest",
    "a__b/c-d.e, docker.io/a__b/c-d.e:latest"
  })
  void parse_dockerStyleReference_normalises(String input, String expected) {
    assertThat(ImageRef.parse(input).toString()).isEqualTo(expected);
  }

  @Test
  void parse_digestOnly_hasNoTag() {
    ImageRef ref = ImageRef.parse("busybox@" + DIGEST);
    assertThat(ref.tag()).isNull();
    assertThat(ref.digest()).isEqualTo(Digest.parse(DIGEST));
    assertThat(ref.manifestReference()).isEqualTo(DIGEST);
    assertThat(ref.toString()).isEqualTo("docker.io/library/busybox@" + DIGEST);
  }

  @Test
  void parse_tagAndDigest_keepsBothAndAsksForTheDigest() {
    ImageRef ref = ImageRef.parse("localhost:5000/app:v1@" + DIGEST);
    assertThat(ref.tag()).isEqualTo("v1");
    assertThat(ref.manifestReference()).isEqualTo(DIGEST);
  }

  @Test
  void apiHost_dockerHub_isRegistryOne() {
    assertThat(ImageRef.parse("busybox").apiHost()).isEqualTo("registry-1.docker.io");
    assertThat(ImageRef.parse("localhost:5000/x").apiHost()).isEqualTo("localhost:5000");
  }

  @Test
  void familiar_dockerHubLibrary_dropsRegistryAndLibrary() {
    assertThat(ImageRef.parse("busybox").familiar()).isEqualTo("busybox:latest");
    assertThat(ImageRef.parse("myorg/app:1").familiar()).isEqualTo("myorg/app:1");
    assertThat(ImageRef.parse("localhost:5000/app:1").familiar()).isEqualTo("localhost:5000/app:1");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''| empty image reference",
        "Busybox| lowercase",
        "busybox:| empty tag",
        "busybox:-x| invalid tag",
        "busybox@sha256:abc| invalid sha256 digest",
        "busybox@md5:0123456789abcdef0123456789abcdef| unsupported digest algorithm",
        "a//b| invalid repository name",
        "-abc| invalid repository name",
        "host:5000/| missing repository name",
        "busy box| invalid repository name"
      })
  void parse_invalidReference_namesTheReferenceAndTheProblem(String input, String problem) {
    assertThatThrownBy(() -> ImageRef.parse(input))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(problem);
  }

  @ParameterizedTest
  @ValueSource(strings = {"localhost:5000/App", "library/Busybox", "UPPER/App"})
  void parse_uppercaseRepository_isRefused(String input) {
    assertThatThrownBy(() -> ImageRef.parse(input))
        .hasMessageContaining("invalid image reference '" + input + "'");
  }

  @Test
  void parse_uppercaseFirstComponent_isARegistryHostAsDockerReadsIt() {
    // distribution/reference: a first component with capitals cannot be a repository, so it
    // names a registry
    ImageRef ref = ImageRef.parse("UPPER/app");
    assertThat(ref.registry()).isEqualTo("UPPER");
    assertThat(ref.repository()).isEqualTo("app");
  }

  @Test
  void parse_tooLongName_isRefused() {
    String longName = "localhost:5000/" + "a".repeat(250);
    assertThatThrownBy(() -> ImageRef.parse(longName)).hasMessageContaining("longer than 255");
  }
}
