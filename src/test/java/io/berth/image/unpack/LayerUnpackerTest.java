package io.berth.image.unpack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.os.Fcntl;
import io.berth.os.FileStatus;
import io.berth.os.Inodes;
import io.berth.os.Xattrs;
import io.berth.spec.Digest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LayerUnpackerTest {
  /** VFS_CAP_REVISION_2 with the effective flag, permitting cap_net_raw (bit 13). */
  private static final String CAP_NET_RAW =
      "\u0001\u0000\u0000\u0002\u0000\u0020\u0000\u0000\u0000\u0000\u0000\u0000"
          + "\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000";

  @Test
  void unpack_everyEntryType_keepsTypesModesOwnersTimesAndXattrs() throws Exception {
    byte[] tar =
        new TarFixture()
            .dir("etc/", 0755)
            .file(
                "etc/passwd",
                "root:x:0:0\n",
                04755,
                e -> {
                  e.setUserId(1000);
                  e.setGroupId(2000);
                  e.addPaxHeader("SCHILY.xattr.user.note", "hello");
                })
            .file(
                "bin/ping",
                "ELF",
                0755,
                e -> e.addPaxHeader("SCHILY.xattr.security.capability", CAP_NET_RAW))
            .file("empty", "")
            .symlink("etc/link", "../nowhere/at/all")
            .hardlink("etc/hard", "etc/passwd")
            .fifo("pipe")
            .device("dev/null", TarConstants.LF_CHR, 1, 3)
            .device("dev/sda", TarConstants.LF_BLK, 8, 0)
            .dir("sticky/", 01777)
            .entry("setgid/", TarConstants.LF_DIR, 02750, null, e -> e.setGroupId(50))
            .build();
    try (Unpacked u = new Unpacked()) {
      Path target = u.newTarget("layer");
      UnpackResult result =
          Unpacked.unpack(
              UnpackPolicy.defaults().withDeviceNodes(true), tar, Compression.NONE, target);

      assertThat(result.entries()).isEqualTo(11);
      assertThat(result.uncompressedSize()).isEqualTo(tar.length);
      FileStatus passwd = stat(target, "etc/passwd");
      assertThat(passwd.permissions()).isEqualTo(04755);
      assertThat(passwd.uid()).isEqualTo(1000);
      assertThat(passwd.gid()).isEqualTo(2000);
      assertThat(passwd.mtimeSeconds()).isEqualTo(TarFixture.MTIME.getEpochSecond());
      assertThat(passwd.mtimeNanos()).isEqualTo(TarFixture.MTIME.getNano());
      assertThat(Files.readString(target.resolve("etc/passwd"))).isEqualTo("root:x:0:0\n");
      assertThat(xattr(target, "etc/passwd", "user.note")).isEqualTo("hello");
      assertThat(xattr(target, "bin/ping", "security.capability")).isEqualTo(CAP_NET_RAW);
      assertThat(stat(target, "etc/hard").inode()).isEqualTo(passwd.inode());
      assertThat(passwd.nlink()).isEqualTo(2);
      assertThat(Files.size(target.resolve("empty"))).isZero();
      assertThat(Files.readSymbolicLink(target.resolve("etc/link")))
          .hasToString("../nowhere/at/all");
      assertThat(stat(target, "etc/link").mtimeSeconds())
          .isEqualTo(TarFixture.MTIME.getEpochSecond());
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
      assertThat(stat(target, "etc").mtimeSeconds()).isEqualTo(TarFixture.MTIME.getEpochSecond());
      // a parent the layer does not list is created, 0755 and root-owned
      assertThat(stat(target, "bin").permissions()).isEqualTo(0755);
    }
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void unpack_eachCompression_givesTheDiffIdSha256sumComputes(Compression compression)
      throws Exception {
    byte[] tar = sampleLayer();
    byte[] layer =
        switch (compression) {
          case NONE -> tar;
          case GZIP -> TarFixture.gzip(tar);
          case ZSTD -> TarFixture.zstd(tar);
        };
    try (Unpacked u = new Unpacked()) {
      Path target = u.newTarget("layer");
      UnpackResult result = Unpacked.unpack(layer, compression, target);

      Path tarFile = Files.write(u.root.resolve("layer.tar"), tar);
      assertThat(result.diffId()).isEqualTo(Digest.parse("sha256:" + sha256sum(tarFile)));
      assertThat(result.compressedSize()).isEqualTo(layer.length);
      assertThat(result.uncompressedSize()).isEqualTo(tar.length);
      assertThat(Files.readString(target.resolve("usr/share/hello.txt"))).isEqualTo("hello");
      assertThat(Files.size(target.resolve("usr/lib/big.bin"))).isEqualTo(3_000_000);
    }
  }

  @Test
  void unpack_bytesAfterTheEndOfArchive_areDigestedAndConsumed() throws Exception {
    byte[] tar = sampleLayer();
    byte[] trailing = "trailing bytes the diffID must cover".getBytes(StandardCharsets.UTF_8);
    byte[] uncompressed = concat(tar, trailing);
    byte[] afterGzip = new byte[4096]; // garbage after the last gzip member
    byte[] layer = concat(TarFixture.gzip(uncompressed), afterGzip);
    ByteArrayInputStream in = new ByteArrayInputStream(layer);
    try (Unpacked u = new Unpacked()) {
      UnpackResult result =
          LayerUnpacker.create(UnpackPolicy.defaults())
              .unpack(in, Compression.GZIP, u.newTarget("layer"), List.of());

      assertThat(in.available()).isZero();
      assertThat(result.compressedSize()).isEqualTo(layer.length);
      assertThat(result.uncompressedSize()).isEqualTo(uncompressed.length);
      assertThat(result.diffId()).isEqualTo(Digest.sha256(uncompressed));
    }
  }

  @Test
  void unpack_zstdDeclaredAsGzip_isRefusedNamingBoth() throws Exception {
    byte[] layer = TarFixture.zstd(sampleLayer());
    try (Unpacked u = new Unpacked()) {
      assertThatThrownBy(() -> Unpacked.unpack(layer, Compression.GZIP, u.newTarget("layer")))
          .isInstanceOf(LayerRejectedException.class)
          .hasMessageContaining("declares gzip")
          .hasMessageContaining("are zstd");
    }
  }

  @Test
  void unpack_gzipDeclaredAsPlainTar_isRefused() throws Exception {
    byte[] layer = TarFixture.gzip(sampleLayer());
    try (Unpacked u = new Unpacked()) {
      assertThatThrownBy(() -> Unpacked.unpack(layer, Compression.NONE, u.newTarget("layer")))
          .isInstanceOf(LayerRejectedException.class)
          .hasMessageContaining("declares an uncompressed tar")
          .hasMessageContaining("are gzip");
    }
  }

  @Test
  void unpack_plainTarDeclaredAsZstd_isRefused() throws Exception {
    try (Unpacked u = new Unpacked()) {
      assertThatThrownBy(
              () -> Unpacked.unpack(sampleLayer(), Compression.ZSTD, u.newTarget("layer")))
          .isInstanceOf(LayerRejectedException.class)
          .hasMessageContaining("declares zstd")
          .hasMessageContaining("neither gzip nor zstd");
    }
  }

  @Test
  void unpack_notATar_isRefusedAsMalformed() throws Exception {
    byte[] junk = new byte[2048];
    java.util.Arrays.fill(junk, (byte) 'x');
    try (Unpacked u = new Unpacked()) {
      assertThatThrownBy(() -> Unpacked.unpack(junk, Compression.NONE, u.newTarget("layer")))
          .isInstanceOf(LayerRejectedException.class)
          .hasMessageContaining("malformed tar at uncompressed offset 0");
    }
  }

  @Test
  void unpack_entryOfAnotherTypeInTheSameLayer_replacesTheEarlierOne() throws Exception {
    byte[] tar =
        new TarFixture()
            .dir("dir-then-file/", 0755)
            .file("dir-then-file/child", "x")
            .dir("dir-then-file/sub/", 0755)
            .file("dir-then-file", "now a file")
            .file("file-then-dir", "x")
            .dir("file-then-dir/", 0700)
            .symlink("link-then-file", "/etc/passwd")
            .file("link-then-file", "not through the link")
            .dir("merged/", 0755)
            .file("merged/kept", "kept")
            .dir("merged/", 0711)
            .file("file-then-file", "first")
            .file("file-then-file", "second")
            .build();
    try (Unpacked u = new Unpacked()) {
      Path target = u.newTarget("layer");
      Unpacked.unpack(tar, Compression.NONE, target);

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
        new TarFixture()
            .file(
                "usr/bin/tool",
                "#!/bin/sh\necho tool\n",
                0750,
                e -> {
                  e.setUserId(7);
                  e.setGroupId(8);
                  e.addPaxHeader("SCHILY.xattr.user.origin", "lower");
                })
            .symlink("usr/bin/sh", "busybox")
            .build();
    byte[] upper =
        new TarFixture()
            .hardlink("usr/bin/tool-alias", "usr/bin/tool")
            .hardlink("usr/bin/sh-alias", "usr/bin/sh")
            .build();
    try (Unpacked u = new Unpacked()) {
      Path lowerDir = u.newTarget("lower");
      Path upperDir = u.newTarget("upper");
      Unpacked.unpack(lower, Compression.NONE, lowerDir);
      Unpacked.unpack(upper, Compression.NONE, upperDir, lowerDir);

      Path copy = upperDir.resolve("usr/bin/tool-alias");
      assertThat(Files.readString(copy)).isEqualTo("#!/bin/sh\necho tool\n");
      FileStatus status = stat(upperDir, "usr/bin/tool-alias");
      assertThat(status.permissions()).isEqualTo(0750);
      assertThat(status.uid()).isEqualTo(7);
      assertThat(status.gid()).isEqualTo(8);
      assertThat(status.mtimeSeconds()).isEqualTo(TarFixture.MTIME.getEpochSecond());
      assertThat(xattr(upperDir, "usr/bin/tool-alias", "user.origin")).isEqualTo("lower");
      assertThat(Files.readSymbolicLink(upperDir.resolve("usr/bin/sh-alias")))
          .hasToString("busybox");
      assertThat(stat(lowerDir, "usr/bin/tool").nlink()).isEqualTo(1);
      assertThat(Files.exists(upperDir.resolve("usr/bin/tool"))).isFalse();
    }
  }

  @Test
  void unpack_hardLinkToAFileDeletedByAnUpperLayer_isRefused() throws Exception {
    byte[] bottom = new TarFixture().file("etc/motd", "hi").build();
    byte[] middle = new TarFixture().file("etc/.wh.motd", "").build();
    byte[] top = new TarFixture().hardlink("etc/motd-link", "etc/motd").build();
    try (Unpacked u = new Unpacked()) {
      Path b = u.newTarget("bottom");
      Path m = u.newTarget("middle");
      Unpacked.unpack(bottom, Compression.NONE, b);
      Unpacked.unpack(middle, Compression.NONE, m, b);

      assertThatThrownBy(() -> Unpacked.unpack(top, Compression.NONE, u.newTarget("top"), m, b))
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
        new TarFixture()
            .dir(dir + "/", 0755)
            .file(file, "deep")
            .symlink(dir + "/link", linkTarget)
            .hardlink(dir + "/hard", file)
            .build();
    try (Unpacked u = new Unpacked()) {
      Path target = u.newTarget("layer");
      Unpacked.unpack(tar, Compression.NONE, target);

      assertThat(Files.readString(target.resolve(file))).isEqualTo("deep");
      assertThat(Files.readSymbolicLink(target.resolve(dir + "/link"))).hasToString(linkTarget);
      assertThat(Files.readString(target.resolve(dir + "/hard"))).isEqualTo("deep");
    }
  }

  @Test
  void unpack_pathThatStaysInsideAfterCleaning_isAccepted() throws Exception {
    byte[] tar = new TarFixture().file("./a/../b", "inside").file("c//d/./e", "also").build();
    try (Unpacked u = new Unpacked()) {
      Path target = u.newTarget("layer");
      Unpacked.unpack(tar, Compression.NONE, target);

      assertThat(Files.readString(target.resolve("b"))).isEqualTo("inside");
      assertThat(Files.readString(target.resolve("c/d/e"))).isEqualTo("also");
    }
  }

  @Test
  void unpack_decompressionBomb_stopsAtTheLimitWithoutFillingTheDisk() throws Exception {
    long limit = 4L << 20;
    byte[] bomb = gzipBomb(256L << 20);
    try (Unpacked u = new Unpacked()) {
      Path target = u.newTarget("layer");
      assertThatThrownBy(
              () ->
                  Unpacked.unpack(
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
    byte[] lower = new TarFixture().file("big", new byte[3 << 20]).build();
    TarFixture upper = new TarFixture();
    for (int i = 0; i < 8; i++) {
      upper.hardlink("copy" + i, "big");
    }
    try (Unpacked u = new Unpacked()) {
      Path lowerDir = u.newTarget("lower");
      Unpacked.unpack(lower, Compression.NONE, lowerDir);

      assertThatThrownBy(
              () ->
                  Unpacked.unpack(
                      UnpackPolicy.defaults().withMaxUncompressedBytes(10L << 20),
                      upper.build(),
                      Compression.NONE,
                      u.newTarget("upper"),
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

  static byte[] sampleLayer() {
    byte[] big = new byte[3_000_000];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) (i * 31 + (i >> 12));
    }
    return new TarFixture()
        .dir("usr/", 0755)
        .dir("usr/share/", 0755)
        .file("usr/share/hello.txt", "hello")
        .file("usr/lib/big.bin", big)
        .symlink("usr/lib/big.so", "big.bin")
        .build();
  }

  /** A tar whose single file holds {@code size} zero bytes, gzip'd as it is written. */
  private static byte[] gzipBomb(long size) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream gzip = new GZIPOutputStream(out, 1 << 16)) {
      var tar = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(gzip);
      tar.setBigNumberMode(
          org.apache.commons.compress.archivers.tar.TarArchiveOutputStream.BIGNUMBER_POSIX);
      var entry = new org.apache.commons.compress.archivers.tar.TarArchiveEntry("zeros");
      entry.setSize(size);
      tar.putArchiveEntry(entry);
      byte[] zeros = new byte[1 << 20];
      for (long done = 0; done < size; done += zeros.length) {
        tar.write(zeros);
      }
      tar.closeArchiveEntry();
      tar.finish();
    }
    return out.toByteArray();
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
