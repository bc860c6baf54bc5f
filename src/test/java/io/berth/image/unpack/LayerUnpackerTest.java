package io.berth.image.unpack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.os.Fcntl;
import io.berth.os.FileStatus;
import io.berth.os.Inodes;
import io.berth.os.Xattrs;
import io.berth.spec.Digest;
import io.berth.testing.Content;
import io.berth.testing.EntryAttributes;
import io.berth.testing.Layer;
import io.berth.testing.LayerBuilder;
import io.berth.testing.LayerWriter;
import io.berth.testing.TempDirectory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LayerUnpackerTest {
  /** An mtime with nanoseconds, to see them survive the PAX record and utimensat. */
  static final Instant MTIME = Instant.parse("2021-03-04T05:06:07.1234567Z");

  /** VFS_CAP_REVISION_2 with the effective flag, permitting cap_net_raw (bit 13). */
  private static final String CAP_NET_RAW =
      "\u0001\u0000\u0000\u0002\u0000\u0020\u0000\u0000\u0000\u0000\u0000\u0000"
          + "\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000";

  @Test
  void unpack_everyEntryType_keepsTypesModesOwnersTimesAndXattrs() throws Exception {
    byte[] tar =
        tar(
            Layer.builder()
                .directory("etc", at(0755))
                .file(
                    "etc/passwd",
                    Content.of("root:x:0:0\n"),
                    at(04755).withOwner(1000, 2000).withXattr("user.note", "hello"))
                .file(
                    "bin/ping",
                    Content.of("ELF"),
                    at(0755).withXattr("security.capability", CAP_NET_RAW))
                .file("empty", Content.empty(), at(0644))
                .symlink("etc/link", "../nowhere/at/all", at(0777))
                .hardlink("etc/hard", "etc/passwd", at(0644))
                .fifo("pipe", at(0640))
                .characterDevice("dev/null", 1, 3, at(0620))
                .blockDevice("dev/sda", 8, 0, at(0620))
                .directory("sticky", at(01777))
                .directory("setgid", at(02750).withOwner(0, 50))
                .build());
    try (TempDirectory u = TempDirectory.create("berth-unpack-test")) {
      Path target = u.subdirectory("layer");
      UnpackResult result =
          unpack(UnpackPolicy.defaults().withDeviceNodes(true), tar, Compression.NONE, target);

      assertThat(result.entries()).isEqualTo(11);
      assertThat(result.uncompressedSize()).isEqualTo(tar.length);
      FileStatus passwd = stat(target, "etc/passwd");
      assertThat(passwd.permissions()).isEqualTo(04755);
      assertThat(passwd.uid()).isEqualTo(1000);
      assertThat(passwd.gid()).isEqualTo(2000);
      assertThat(passwd.mtimeSeconds()).isEqualTo(MTIME.getEpochSecond());
      assertThat(passwd.mtimeNanos()).isEqualTo(MTIME.getNano());
      assertThat(Files.readString(target.resolve("etc/passwd"))).isEqualTo("root:x:0:0\n");
      assertThat(xattr(target, "etc/passwd", "user.note")).isEqualTo("hello");
      assertThat(xattr(target, "bin/ping", "security.capability")).isEqualTo(CAP_NET_RAW);
      assertThat(stat(target, "etc/hard").inode()).isEqualTo(passwd.inode());
      assertThat(passwd.nlink()).isEqualTo(2);
      assertThat(Files.size(target.resolve("empty"))).isZero();
      assertThat(Files.readSymbolicLink(target.resolve("etc/link")))
          .hasToString("../nowhere/at/all");
      assertThat(stat(target, "etc/link").mtimeSeconds()).isEqualTo(MTIME.getEpochSecond());
      assertThat(stat(target, "pipe").type()).isEqualTo(FileStatus.S_IFIFO);
      assertThat(stat(target, "pipe").permissions()).isEqualTo(0640);
      FileStatus devNull = stat(target, "dev/null");
      assertThat(devNull.type()).isEqualTo(FileStatus.S_IFCHR);
      assertThat(devNull.rdevMajor()).isEqualTo(1);
      assertThat(devNull.rdevMinor()).isEqualTo(3);
      assertThat(devNull.permissions()).isEqualTo(0620);
      FileStatus sda = stat(target, "dev/sda");
      assertThat(sda.type()).isEqualTo(FileStatus.S_IFBLK);
      assertThat(sda.rdevMajor()).isEqualTo(8);
      assertThat(stat(target, "sticky").permissions()).isEqualTo(01777);
      assertThat(stat(target, "setgid").permissions()).isEqualTo(02750);
      assertThat(stat(target, "setgid").gid()).isEqualTo(50);
      // directories get their mtime after their children are written
      assertThat(stat(target, "etc").mtimeSeconds()).isEqualTo(MTIME.getEpochSecond());
      // a parent the layer does not list is created, 0755 and root-owned
      assertThat(stat(target, "bin").permissions()).isEqualTo(0755);
    }
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void unpack_eachCompression_givesTheDiffIdSha256sumComputes(Compression compression)
      throws Exception {
    byte[] tar = tar(sampleLayer());
    byte[] layer = compress(tar, compression);
    try (TempDirectory u = TempDirectory.create("berth-unpack-test")) {
      Path target = u.subdirectory("layer");
      UnpackResult result = unpack(layer, compression, target);

      Path tarFile = Files.write(u.resolve("layer.tar"), tar);
      assertThat(result.diffId()).isEqualTo(Digest.parse("sha256:" + sha256sum(tarFile)));
      assertThat(result.compressedSize()).isEqualTo(layer.length);
      assertThat(result.uncompressedSize()).isEqualTo(tar.length);
      assertThat(Files.readString(target.resolve("usr/share/hello.txt"))).isEqualTo("hello");
      assertThat(Files.size(target.resolve("usr/lib/big.bin"))).isEqualTo(3_000_000);
    }
  }

  @Test
  void unpack_bytesAfterTheEndOfArchive_areDigestedAndConsumed() throws Exception {
    byte[] tar = tar(sampleLayer());
    byte[] trailing = "trailing bytes the diffID must cover".getBytes(StandardCharsets.UTF_8);
    byte[] uncompressed = concat(tar, trailing);
    byte[] afterGzip = new byte[4096]; // garbage after the last gzip member
    byte[] layer = concat(compress(uncompressed, Compression.GZIP), afterGzip);
    ByteArrayInputStream in = new ByteArrayInputStream(layer);
    try (TempDirectory u = TempDirectory.create("berth-unpack-test")) {
      UnpackResult result =
          LayerUnpacker.create(UnpackPolicy.defaults())
              .unpack(in, Compression.GZIP, u.subdirectory("layer"), List.of());

      assertThat(in.available()).isZero();
      assertThat(result.compressedSize()).isEqualTo(layer.length);
      assertThat(result.uncompressedSize()).isEqualTo(uncompressed.length);
      assertThat(result.diffId()).isEqualTo(Digest.sha256(uncompressed));
    }
  }

  @Test
  void unpack_zstdDeclaredAsGzip_isRefusedNamingBoth() throws Exception {
    byte[] layer = compress(tar(sampleLayer()), Compression.ZSTD);
    try (TempDirectory u = TempDirectory.create("berth-unpack-test")) {
      assertThatThrownBy(() -> unpack(layer, Compression.GZIP, u.subdirectory("layer")))
          .isInstanceOf(LayerRejectedException.class)
          .hasMessageContaining("declares gzip")
          .hasMessageContaining("are zstd");
    }
  }

  @Test
  void unpack_gzipDeclaredAsPlainTar_isRefused() throws Exception {
    byte[] layer = compress(tar(sampleLayer()), Compression.GZIP);
    try (TempDirectory u = TempDirectory.create("berth-unpack-test")) {
      assertThatThrownBy(() -> unpack(layer, Compression.NONE, u.subdirectory("layer")))
          .isInstanceOf(LayerRejectedException.class)
          .hasMessageContaining("declares an uncompressed tar")
          .hasMessageContaining("are gzip");
    }
  }

  @Test
  void unpack_plainTarDeclaredAsZstd_isRefused() throws Exception {
    try (TempDirectory u = TempDirectory.create("berth-unpack-test")) {
      assertThatThrownBy(
              () -> unpack(tar(sampleLayer()), Compression.ZSTD, u.subdirectory("layer")))
          .isInstanceOf(LayerRejectedException.class)
          .hasMessageContaining("declares zstd")
          .hasMessageContaining("neither gzip nor zstd");
    }
  }

  @Test
  void unpack_notATar_isRefusedAsMalformed() throws Exception {
    byte[] junk = new byte[2048];
    java.util.Arrays.fill(junk, (byte) 'x');
    try (TempDirectory u = TempDirectory.create("berth-unpack-test")) {
      assertThatThrownBy(() -> unpack(junk, Compression.NONE, u.subdirectory("layer")))
          .isInstanceOf(LayerRejectedException.class)
          .hasMessageContaining("malformed tar at uncompressed offset 0");
    }
  }

  @Test
  void unpack_entryOfAnotherTypeInTheSameLayer_replacesTheEarlierOne() throws Exception {
    byte[] tar =
        tar(
            Layer.builder()
                .directory("dir-then-file")
                .file("dir-then-file/child", "x")
                .directory("dir-then-file/sub")
                .file("dir-then-file", "now a file")
                .file("file-then-dir", "x")
                .directory("file-then-dir", EntryAttributes.mode(0700))
                .symlink("link-then-file", "/etc/passwd")
                .file("link-then-file", "not through the link")
                .directory("merged")
                .file("merged/kept", "kept")
                .directory("merged", EntryAttributes.mode(0711))
                .file("file-then-file", "first")
                .file("file-then-file", "second")
                .build());
    try (TempDirectory u = TempDirectory.create("berth-unpack-test")) {
      Path target = u.subdirectory("layer");
      unpack(tar, Compression.NONE, target);

      assertThat(Files.readString(target.resolve("dir-then-file"))).isEqualTo("now a file");
      assertThat(stat(target, "file-then-dir").isDirectory()).isTrue();
      assertThat(stat(target, "file-then-dir").permissions()).isEqualTo(0700);
      assertThat(stat(target, "link-then-file").isRegularFile()).isTrue();
      assertThat(Files.readString(target.resolve("link-then-file")))
          .isEqualTo("not through the link");
      assertThat(Files.readString(target.resolve("merged/kept"))).isEqualTo("kept");
      assertThat(stat(target, "merged").permissions()).isEqualTo(0711);
      assertThat(Files.readString(target.resolve("file-then-file"))).isEqualTo("second");
    }
  }

  @Test
  void unpack_hardLinkToALowerLayerFile_copiesTheFileUp() throws Exception {
    byte[] lower =
        tar(
            Layer.builder()
                .file(
                    "usr/bin/tool",
                    Content.of("#!/bin/sh\necho tool\n"),
                    at(0750).withOwner(7, 8).withXattr("user.origin", "lower"))
                .symlink("usr/bin/sh", "busybox")
                .build());
    byte[] upper =
        tar(
            Layer.builder()
                .hardlink("usr/bin/tool-alias", "usr/bin/tool")
                .hardlink("usr/bin/sh-alias", "usr/bin/sh")
                .build());
    try (TempDirectory u = TempDirectory.create("berth-unpack-test")) {
      Path lowerDir = u.subdirectory("lower");
      Path upperDir = u.subdirectory("upper");
      unpack(lower, Compression.NONE, lowerDir);
      unpack(upper, Compression.NONE, upperDir, lowerDir);

      Path copy = upperDir.resolve("usr/bin/tool-alias");
      assertThat(Files.readString(copy)).isEqualTo("#!/bin/sh\necho tool\n");
      FileStatus status = stat(upperDir, "usr/bin/tool-alias");
      assertThat(status.permissions()).isEqualTo(0750);
      assertThat(status.uid()).isEqualTo(7);
      assertThat(status.gid()).isEqualTo(8);
      assertThat(status.mtimeSeconds()).isEqualTo(MTIME.getEpochSecond());
      assertThat(xattr(upperDir, "usr/bin/tool-alias", "user.origin")).isEqualTo("lower");
      assertThat(Files.readSymbolicLink(upperDir.resolve("usr/bin/sh-alias")))
          .hasToString("busybox");
      assertThat(stat(lowerDir, "usr/bin/tool").nlink()).isEqualTo(1);
      assertThat(Files.exists(upperDir.resolve("usr/bin/tool"))).isFalse();
    }
  }

  @Test
  void unpack_hardLinkToAFileDeletedByAnUpperLayer_isRefused() throws Exception {
    byte[] bottom = tar(Layer.builder().file("etc/motd", "hi").build());
    byte[] middle = tar(Layer.builder().whiteout("etc/motd").build());
    byte[] top = tar(Layer.builder().hardlink("etc/motd-link", "etc/motd").build());
    try (TempDirectory u = TempDirectory.create("berth-unpack-test")) {
      Path b = u.subdirectory("bottom");
      Path m = u.subdirectory("middle");
      unpack(bottom, Compression.NONE, b);
      unpack(middle, Compression.NONE, m, b);

      assertThatThrownBy(() -> unpack(top, Compression.NONE, u.subdirectory("top"), m, b))
          .isInstanceOf(LayerRejectedException.class)
          .hasMessageContaining("etc/motd-link")
          .hasMessageContaining("in neither this layer nor the layers below");
    }
  }

  @Test
  void unpack_longNamesAndLinkTargets_areKept() throws Exception {
    String dir = "d".repeat(120) + "/" + "e".repeat(150);
    String file = dir + "/" + "f".repeat(200);
    String linkTarget = "t".repeat(300);
    byte[] tar =
        tar(
            Layer.builder()
                .directory(dir)
                .file(file, "deep")
                .symlink(dir + "/link", linkTarget)
                .hardlink(dir + "/hard", file)
                .build());
    try (TempDirectory u = TempDirectory.create("berth-unpack-test")) {
      Path target = u.subdirectory("layer");
      unpack(tar, Compression.NONE, target);

      assertThat(Files.readString(target.resolve(file))).isEqualTo("deep");
      assertThat(Files.readSymbolicLink(target.resolve(dir + "/link"))).hasToString(linkTarget);
      assertThat(Files.readString(target.resolve(dir + "/hard"))).isEqualTo("deep");
    }
  }

  @Test
  void unpack_pathThatStaysInsideAfterCleaning_isAccepted() throws Exception {
    byte[] tar = tar(Layer.builder().file("./a/../b", "inside").file("c//d/./e", "also").build());
    try (TempDirectory u = TempDirectory.create("berth-unpack-test")) {
      Path target = u.subdirectory("layer");
      unpack(tar, Compression.NONE, target);

      assertThat(Files.readString(target.resolve("b"))).isEqualTo("inside");
      assertThat(Files.readString(target.resolve("c/d/e"))).isEqualTo("also");
    }
  }

  @Test
  void unpack_decompressionBomb_stopsAtTheLimitWithoutFillingTheDisk() throws Exception {
    long limit = 4L << 20;
    byte[] bomb =
        blob(
            Layer.builder().file("zeros", new Content.Zeros(256L << 20), LayerBuilder.FILE).build(),
            Compression.GZIP);
    try (TempDirectory u = TempDirectory.create("berth-unpack-test")) {
      Path target = u.subdirectory("layer");
      assertThatThrownBy(
              () ->
                  unpack(
                      UnpackPolicy.defaults().withMaxUncompressedBytes(limit),
                      bomb,
                      Compression.GZIP,
                      target))
          .isInstanceOf(LayerRejectedException.class)
          .hasMessageContaining("limit of " + limit + " bytes");

      long written =
          Files.exists(target.resolve("zeros")) ? Files.size(target.resolve("zeros")) : 0;
      assertThat(written).isLessThanOrEqualTo(limit);
    }
  }

  @Test
  void unpack_copyUpsOfLowerFiles_countAgainstTheLimit() throws Exception {
    byte[] lower =
        tar(Layer.builder().file("big", new Content.Zeros(3 << 20), LayerBuilder.FILE).build());
    LayerBuilder upper = Layer.builder();
    for (int i = 0; i < 8; i++) {
      upper.hardlink("copy" + i, "big");
    }
    try (TempDirectory u = TempDirectory.create("berth-unpack-test")) {
      Path lowerDir = u.subdirectory("lower");
      unpack(lower, Compression.NONE, lowerDir);

      assertThatThrownBy(
              () ->
                  unpack(
                      UnpackPolicy.defaults().withMaxUncompressedBytes(10L << 20),
                      tar(upper.build()),
                      Compression.NONE,
                      u.subdirectory("upper"),
                      lowerDir))
          .isInstanceOf(LayerRejectedException.class)
          .hasMessageContaining("copying up hard link targets");
    }
  }

  @Test
  void ofMediaType_layerMediaTypes_mapToTheirCompression() {
    assertThat(Compression.ofMediaType("application/vnd.oci.image.layer.v1.tar"))
        .isEqualTo(Compression.NONE);
    assertThat(Compression.ofMediaType("application/vnd.oci.image.layer.v1.tar+gzip"))
        .isEqualTo(Compression.GZIP);
    assertThat(Compression.ofMediaType("application/vnd.oci.image.layer.v1.tar+zstd"))
        .isEqualTo(Compression.ZSTD);
    assertThat(
            Compression.ofMediaType("application/vnd.oci.image.layer.nondistributable.v1.tar+gzip"))
        .isEqualTo(Compression.GZIP);
    assertThat(Compression.ofMediaType("application/vnd.docker.image.rootfs.diff.tar.gzip"))
        .isEqualTo(Compression.GZIP);
    assertThat(Compression.ofMediaType("application/vnd.docker.image.rootfs.foreign.diff.tar.gzip"))
        .isEqualTo(Compression.GZIP);
    assertThatThrownBy(() -> Compression.ofMediaType("application/vnd.oci.image.config.v1+json"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a layer media type");
  }

  static Layer sampleLayer() {
    byte[] big = new byte[3_000_000];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) (i * 31 + (i >> 12));
    }
    return Layer.builder()
        .directory("usr")
        .directory("usr/share")
        .file("usr/share/hello.txt", "hello")
        .file("usr/lib/big.bin", Content.of(big), LayerBuilder.FILE)
        .symlink("usr/lib/big.so", "big.bin")
        .build();
  }

  /** Attributes with {@code mode} and {@link #MTIME}. */
  private static EntryAttributes at(int mode) {
    return EntryAttributes.mode(mode).withMtime(MTIME);
  }

  /** The layer as an uncompressed tar. */
  static byte[] tar(Layer layer) {
    return blob(layer, Compression.NONE);
  }

  /** The layer's blob, compressed while it is written (a bomb never exists uncompressed). */
  static byte[] blob(Layer layer, Compression compression) {
    return LayerWriter.toBytes(layer, harness(compression));
  }

  static byte[] compress(byte[] tar, Compression compression) {
    return harness(compression).compress(tar);
  }

  /** The harness's name for a compression; the two enums have the same constants. */
  private static io.berth.testing.Compression harness(Compression compression) {
    return io.berth.testing.Compression.valueOf(compression.name());
  }

  static UnpackResult unpack(byte[] layer, Compression compression, Path target, Path... lowers)
      throws IOException {
    return unpack(UnpackPolicy.defaults(), layer, compression, target, lowers);
  }

  static UnpackResult unpack(
      UnpackPolicy policy, byte[] layer, Compression compression, Path target, Path... lowers)
      throws IOException {
    return LayerUnpacker.create(policy)
        .unpack(new ByteArrayInputStream(layer), compression, target, List.of(lowers));
  }

  static FileStatus stat(Path root, String path) throws Exception {
    return Inodes.status(Fcntl.AT_FDCWD, root.resolve(path).toString(), Fcntl.AT_SYMLINK_NOFOLLOW);
  }

  private static String xattr(Path root, String path, String name) throws Exception {
    return new String(Xattrs.get(root.resolve(path), name).orElseThrow(), StandardCharsets.UTF_8);
  }

  private static String sha256sum(Path file) throws Exception {
    Process p = new ProcessBuilder("sha256sum", file.toString()).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return out.substring(0, 64);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }
}
