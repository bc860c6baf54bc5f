package io.berth.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.ZstdInputStream;
import io.berth.image.oci.Descriptor;
import io.berth.image.oci.ImageConfig;
import io.berth.spec.Digest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(300)
class HostileLayersTest {
  @TempDir Path dir;
  @AutoClose private Canary canary;

  @BeforeEach
  void plant() {
    canary = Canary.plant(dir.resolve("work"));
  }

  @Test
  void all_everyCase_hasAUniqueNameAnAttemptAndAnErrorWord() {
    List<HostileLayer> cases = HostileLayers.all(canary);

    Set<String> names = new HashSet<>();
    for (HostileLayer attack : cases) {
      assertThat(names.add(attack.name())).as("duplicate %s", attack.name()).isTrue();
      assertThat(attack.attempt()).isNotBlank();
      assertThat(attack.errorWord()).isNotBlank();
    }
    assertThat(names)
        .contains(
            "dotdot",
            "absolute",
            "symlink-to-root",
            "symlink-upwards",
            "symlink-in-parent",
            "hardlink-passwd-relative",
            "hardlink-passwd-absolute",
            "hardlink-to-outside-symlink",
            "whiteout-traversal",
            "whiteout-dotdot",
            "device-node",
            "decompression-bomb",
            "overlay-xattrs",
            "long-path");
  }

  @Test
  void names_withoutACanary_areTheNamesOfAllCasesInOrder() {
    assertThat(HostileLayers.names())
        .containsExactlyElementsOf(
            HostileLayers.all(canary).stream().map(HostileLayer::name).toList());
  }

  @Test
  void all_pushedAsImages_areServedWithDiffIdsMatchingTheirLayers() throws IOException {
    try (TestRegistry registry = TestRegistry.plain()) {
      for (HostileLayer attack : HostileLayers.all(canary)) {
        PushedImage image = TestImages.hostile(registry, "hostile:" + attack.name(), attack);

        List<Descriptor> layers = image.imageManifest().layers();
        Descriptor configDescriptor = image.imageManifest().config();
        ImageConfig config =
            ImageConfig.parse(
                RegistryHttp.anonymous(registry).blob("hostile", configDescriptor.digest()).body());
        assertThat(config.rootfs().diffIds()).as(attack.name()).hasSize(attack.layers().size());
        assertThat(layers).hasSize(attack.layers().size());
        for (int i = 0; i < layers.size(); i++) {
          byte[] blob =
              RegistryHttp.anonymous(registry).blob("hostile", layers.get(i).digest()).body();
          assertThat(Digest.sha256(blob)).isEqualTo(layers.get(i).digest());
          assertThat(uncompressedDigest(blob))
              .as(attack.name())
              .isEqualTo(config.rootfs().diffIds().get(i));
        }
      }
    }
  }

  @Test
  void decompressionBomb_compressed_isSmallAndDeclaresAGibibyte() throws IOException {
    HostileLayer bomb = HostileLayers.named(canary, "decompression-bomb");

    LayerBlob blob =
        LayerWriter.write(bomb.layers().getFirst(), Compression.GZIP, dir.resolve("bomb.tar.gz"));

    assertThat(blob.size()).isLessThan(2L << 20);
    try (TarArchiveInputStream tar =
        new TarArchiveInputStream(new GZIPInputStream(Files.newInputStream(blob.file())))) {
      assertThat(tar.getNextEntry().getSize()).isEqualTo(HostileLayers.BOMB_SIZE);
    }
  }

  @Test
  void canary_freshlyPlanted_reportsNothing() {
    assertThat(canary.violations()).isEmpty();
    assertThat(canary.target()).isEmptyDirectory();
    assertThat(canary.target()).startsWith(canary.workDir());
  }

  @Test
  void canary_afterGnuTarFollowsDotDotAndAbsoluteNames_reportsBothEscapes() throws IOException {
    Tools.require("tar", "tar");
    for (String name : List.of("dotdot", "absolute")) {
      Path layer = dir.resolve(name + ".tar");
      LayerWriter.write(
          HostileLayers.named(canary, name).layers().getFirst(), Compression.NONE, layer);
      // -P (--absolute-names) turns off GNU tar's own protection: an unpacker without any
      Command.of("tar", "-xPf", layer.toString(), "-C", canary.target().toString()).run();
    }

    assertThat(canary.violations())
        .anySatisfy(v -> assertThat(v).contains("created outside the target").contains("-dotdot"))
        .anySatisfy(
            v -> assertThat(v).contains("created outside the target").contains("-absolute"));
  }

  @Test
  void canary_victimWrittenOrLinked_reportsIt() throws IOException {
    Files.writeString(canary.victim(), "pwned\n");
    Files.createLink(canary.target().resolve("link"), canary.victim());

    assertThat(canary.violations())
        .anySatisfy(v -> assertThat(v).startsWith("victim written through"))
        .anySatisfy(v -> assertThat(v).startsWith("victim hard-linked"));
  }

  @Test
  void canary_whiteoutTargetDeleted_reportsIt() throws IOException {
    Files.delete(canary.whiteoutTarget());

    assertThat(canary.violations()).anySatisfy(v -> assertThat(v).startsWith("deleted outside"));
  }

  @Test
  void canary_fileAtTheHostRoot_isReportedAndRemovedOnClose() throws IOException {
    Path escaped = Path.of("/", canary.name() + "-symlink-root");
    Files.writeString(escaped, "escaped\n");

    assertThat(canary.violations()).anySatisfy(v -> assertThat(v).contains("host root"));
    canary.close();
    assertThat(escaped).doesNotExist();
  }

  @Test
  void canary_fileCreatedInsideTheTarget_isNoViolation() throws IOException {
    Files.writeString(canary.target().resolve(canary.name() + "-dotdot"), "inside is fine\n");

    assertThat(canary.violations()).isEmpty();
  }

  private static Digest uncompressedDigest(byte[] blob) throws IOException {
    InputStream raw = new ByteArrayInputStream(blob);
    boolean gzip = blob.length > 2 && (blob[0] & 0xff) == 0x1f && (blob[1] & 0xff) == 0x8b;
    try (InputStream in = gzip ? new GZIPInputStream(raw, 1 << 16) : new ZstdInputStream(raw)) {
      var digest = Digest.newMessageDigest("sha256");
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
      return Digest.of("sha256", digest.digest());
    }
  }
}
