package io.berth.image.unpack;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.os.Fcntl;
import io.berth.os.FileStatus;
import io.berth.os.Inodes;
import io.berth.os.Xattrs;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;

class LayerUnpackerTest {
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
            .file("empty", "")
            .symlink("etc/link", "../nowhere/at/all")
            .hardlink("etc/hard", "etc/passwd")
            .fifo("pipe")
            .device("dev/null", TarConstants.LF_CHR, 1, 3)
            .device("dev/sda", TarConstants.LF_BLK, 8, 0)
            .dir("sticky/", 01777)
            .build();
    try (Unpacked u = new Unpacked()) {
      Path target = u.newTarget("layer");
      UnpackResult result =
          Unpacked.unpack(
              UnpackPolicy.defaults().withDeviceNodes(true), tar, Compression.NONE, target);

      assertThat(result.entries()).isEqualTo(9);
      assertThat(result.uncompressedSize()).isEqualTo(tar.length);
      FileStatus passwd = stat(target, "etc/passwd");
      assertThat(passwd.permissions()).isEqualTo(04755);
      assertThat(passwd.uid()).isEqualTo(1000);
      assertThat(passwd.gid()).isEqualTo(2000);
      assertThat(passwd.mtimeSeconds()).isEqualTo(TarFixture.MTIME.getEpochSecond());
      assertThat(passwd.nlink()).isEqualTo(2);
      assertThat(Files.readString(target.resolve("etc/passwd"))).isEqualTo("root:x:0:0\n");
      assertThat(Xattrs.get(target.resolve("etc/passwd"), "user.note"))
          .hasValueSatisfying(v -> assertThat(new String(v)).isEqualTo("hello"));
      assertThat(Files.readSymbolicLink(target.resolve("etc/link")))
          .hasToString("../nowhere/at/all");
      assertThat(stat(target, "pipe").type()).isEqualTo(FileStatus.S_IFIFO);
      FileStatus null_ = stat(target, "dev/null");
      assertThat(null_.type()).isEqualTo(FileStatus.S_IFCHR);
      assertThat(null_.rdevMajor()).isEqualTo(1);
      assertThat(null_.rdevMinor()).isEqualTo(3);
      assertThat(stat(target, "dev/sda").type()).isEqualTo(FileStatus.S_IFBLK);
      assertThat(stat(target, "sticky").permissions()).isEqualTo(01777);
      assertThat(stat(target, "etc").mtimeSeconds()).isEqualTo(TarFixture.MTIME.getEpochSecond());
      assertThat(Files.size(target.resolve("empty"))).isZero();
      assertThat(Files.isSymbolicLink(target.resolve("etc/link"))).isTrue();
      assertThat(Files.exists(target.resolve("etc/link"), LinkOption.NOFOLLOW_LINKS)).isTrue();
    }
  }

  static FileStatus stat(Path root, String path) throws Exception {
    return Inodes.status(Fcntl.AT_FDCWD, root.resolve(path).toString(), Fcntl.AT_SYMLINK_NOFOLLOW);
  }
}
