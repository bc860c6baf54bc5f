package io.berth.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class MountTableTest {
  @Test
  void parse_mountinfoLines_readsEveryFieldAndDecodesEscapes() {
    String text =
        """
        22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw,errors=remount-ro
        36 22 0:30 /sub /var/lib/berth/containers/a\\040b/rootfs rw,nosuid master:2 shared:3 - overlay overlay rw,lowerdir=/x\\134y:/z
        40 36 0:31 / /mnt/no\\011tags rw - tmpfs none rw
        """;

    List<MountPoint> mounts = MountTable.parse(text);

    assertThat(mounts).hasSize(3);
    MountPoint overlay = mounts.get(1);
    assertThat(overlay.id()).isEqualTo(36);
    assertThat(overlay.parentId()).isEqualTo(22);
    assertThat(overlay.device()).isEqualTo("0:30");
    assertThat(overlay.root()).isEqualTo("/sub");
    assertThat(overlay.path()).isEqualTo(Path.of("/var/lib/berth/containers/a b/rootfs"));
    assertThat(overlay.options()).isEqualTo("rw,nosuid");
    assertThat(overlay.optionalFields()).containsExactly("master:2", "shared:3");
    assertThat(overlay.fsType()).isEqualTo("overlay");
    assertThat(overlay.source()).isEqualTo("overlay");
    assertThat(overlay.superOptions()).isEqualTo("rw,lowerdir=/x\\y:/z");
    assertThat(mounts.get(2).path()).isEqualTo(Path.of("/mnt/no\ttags"));
    assertThat(mounts.get(2).optionalFields()).isEmpty();
  }

  @Test
  void parse_malformedLine_fails() {
    assertThatThrownBy(() -> MountTable.parse("1 2 3\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a mountinfo line: 1 2 3");
  }

  @Test
  void under_nestedMountsLeftBehind_listsThemInUnmountOrder() throws Exception {
    Path base = Files.createTempDirectory("berth-mounts");
    Path outer = Files.createDirectory(base.resolve("outer dir"));
    Path sibling = Files.createDirectory(base.resolve("outer dir2"));
    try {
      Mounts.mount("tmpfs", outer, "tmpfs", Mounts.MS_NOSUID, "size=1m");
      Path inner = Files.createDirectory(outer.resolve("inner"));
      Mounts.mount("tmpfs", inner, "tmpfs", 0, "size=1m");
      Mounts.mount("tmpfs", inner, "tmpfs", 0, "size=2m"); // stacked on the first
      Mounts.mount("tmpfs", sibling, "tmpfs", 0, "size=1m");

      List<MountPoint> left = MountTable.under(outer);

      assertThat(left).extracting(MountPoint::path).containsExactly(inner, inner, outer);
      assertThat(left.getFirst().superOptions()).contains("size=2048k");
      for (MountPoint mount : left) {
        Mounts.unmount(mount.path(), 0);
      }
      assertThat(MountTable.under(outer)).isEmpty();
      assertThat(MountTable.under(base)).extracting(MountPoint::path).containsExactly(sibling);
    } finally {
      for (MountPoint mount : MountTable.under(base)) {
        Mounts.unmount(mount.path(), Mounts.MNT_DETACH);
      }
      FileTrees.delete(base);
    }
  }

  @Test
  void unmount_notAMountPoint_failsWithEINVAL() throws Exception {
    Path dir = Files.createTempDirectory("berth-mounts");
    try {
      assertThatThrownBy(() -> Mounts.unmount(dir, 0))
          .isInstanceOfSatisfying(
              ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL))
          .hasMessageContaining("umount2(" + dir + ")");
    } finally {
      FileTrees.delete(dir);
    }
  }

  @Test
  void bind_readOnly_refusesWrites() throws Exception {
    Path base = Files.createTempDirectory("berth-mounts");
    Path source = Files.createDirectory(base.resolve("src"));
    Path target = Files.createDirectory(base.resolve("dst"));
    Files.writeString(source.resolve("f"), "x");
    try {
      Mounts.bind(source, target, true);
      try {
        assertThat(Files.readString(target.resolve("f"))).isEqualTo("x");
        assertThat(MountTable.under(target).getFirst().options()).startsWith("ro");
      } finally {
        Mounts.unmount(target, 0);
      }
    } finally {
      FileTrees.delete(base);
    }
  }
}
