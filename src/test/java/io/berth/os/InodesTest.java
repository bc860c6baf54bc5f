package io.berth.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The native bindings, each against what the kernel reports back. */
class InodesTest {
  private Path dir;
  private int dirFd;

  @BeforeEach
  void open() throws Exception {
    dir = Files.createTempDirectory("berth-inodes");
    dirFd = FileDescriptors.open(dir, Fcntl.O_RDONLY | Fcntl.O_DIRECTORY | Fcntl.O_CLOEXEC);
  }

  @AfterEach
  void close() throws Exception {
    FileDescriptors.close(dirFd);
    FileTrees.delete(dir);
  }

  @Test
  void status_devNull_isCharacterDevice1Colon3() throws Exception {
    FileStatus status = Inodes.status(Fcntl.AT_FDCWD, "/dev/null", 0);

    assertThat(status.type()).isEqualTo(FileStatus.S_IFCHR);
    assertThat(status.rdevMajor()).isEqualTo(1);
    assertThat(status.rdevMinor()).isEqualTo(3);
  }

  @Test
  void makeNode_largeDeviceNumbers_roundTripThroughTheKernel() throws Exception {
    FileNodes.makeNode(dirFd, "dev", FileStatus.S_IFCHR | 0600, 4095, 1_048_575);

    FileStatus status = Inodes.status(dirFd, "dev", Fcntl.AT_SYMLINK_NOFOLLOW);
    assertThat(status.rdevMajor()).isEqualTo(4095);
    assertThat(status.rdevMinor()).isEqualTo(1_048_575);
  }

  @Test
  void chownThenChmod_keepsSetuidAndSetsTimes() throws Exception {
    int fd =
        FileDescriptors.openAt(
            dirFd, "f", Fcntl.O_WRONLY | Fcntl.O_CREAT | Fcntl.O_EXCL | Fcntl.O_CLOEXEC, 0600);
    try {
      Inodes.chown(fd, 123, 456);
      Inodes.chmod(fd, 06755);
      Inodes.setTimes(fd, 1, 2, 1_600_000_000L, 123_456_789);
    } finally {
      FileDescriptors.close(fd);
    }

    FileStatus status = Inodes.status(dirFd, "f", Fcntl.AT_SYMLINK_NOFOLLOW);
    assertThat(status.uid()).isEqualTo(123);
    assertThat(status.gid()).isEqualTo(456);
    assertThat(status.permissions()).isEqualTo(06755);
    assertThat(status.mtimeSeconds()).isEqualTo(1_600_000_000L);
    assertThat(status.mtimeNanos()).isEqualTo(123_456_789);
  }

  @Test
  void symlinkMetadata_setThroughNoFollowCalls_leavesTheTargetAlone() throws Exception {
    Files.writeString(dir.resolve("target"), "x");
    FileNodes.makeSymbolicLink("target", dirFd, "link");

    Inodes.chown(dirFd, "link", 7, 8, Fcntl.AT_SYMLINK_NOFOLLOW);
    Inodes.setTimes(dirFd, "link", 5, 0, 5, 0, Fcntl.AT_SYMLINK_NOFOLLOW);

    assertThat(FileNodes.readSymbolicLink(dirFd, "link")).isEqualTo("target");
    FileStatus link = Inodes.status(dirFd, "link", Fcntl.AT_SYMLINK_NOFOLLOW);
    assertThat(link.isSymbolicLink()).isTrue();
    assertThat(link.uid()).isEqualTo(7);
    assertThat(link.mtimeSeconds()).isEqualTo(5);
    FileStatus target = Inodes.status(dirFd, "target", Fcntl.AT_SYMLINK_NOFOLLOW);
    assertThat(target.uid()).isZero();
  }

  @Test
  void openAt_noFollowOnASymlinkedDirectory_fails() throws Exception {
    Files.createDirectory(dir.resolve("real"));
    FileNodes.makeSymbolicLink("real", dirFd, "link");

    assertThatThrownBy(
            () ->
                FileDescriptors.openAt(
                    dirFd, "link", Fcntl.O_RDONLY | Fcntl.O_DIRECTORY | Fcntl.O_NOFOLLOW, 0))
        .isInstanceOfSatisfying(
            // O_DIRECTORY is checked first on current kernels (ENOTDIR); O_NOFOLLOW alone is ELOOP
            ErrnoException.class, e -> assertThat(e.errno()).isIn(Errno.ELOOP, Errno.ENOTDIR))
        .hasMessageContaining("openat(link)");
  }

  @Test
  void hardLinkAndRemove_changeTheLinkCount() throws Exception {
    Files.writeString(dir.resolve("a"), "x");
    FileNodes.makeHardLink(dirFd, "a", dirFd, "b");
    assertThat(Inodes.status(dirFd, "a", 0).nlink()).isEqualTo(2);

    FileNodes.remove(dirFd, "b", 0);
    FileNodes.makeDirectory(dirFd, "d", 0700);
    FileNodes.remove(dirFd, "d", Fcntl.AT_REMOVEDIR);

    assertThat(Inodes.status(dirFd, "a", 0).nlink()).isEqualTo(1);
    assertThat(Files.exists(dir.resolve("d"))).isFalse();
  }

  @Test
  void xattrs_setListGetRemove_onAFileAndADescriptor() throws Exception {
    Path file = Files.writeString(dir.resolve("f"), "x");
    Xattrs.set(file, "user.one", "1".getBytes(StandardCharsets.UTF_8));
    int fd = FileDescriptors.open(file, Fcntl.O_RDONLY | Fcntl.O_CLOEXEC);
    try {
      Xattrs.set(fd, "user.two", new byte[0]);
      assertThat(Xattrs.list(fd)).containsExactlyInAnyOrder("user.one", "user.two");
      assertThat(Xattrs.get(fd, "user.one"))
          .hasValueSatisfying(v -> assertThat(v).containsExactly('1'));
    } finally {
      FileDescriptors.close(fd);
    }

    assertThat(Xattrs.remove(file, "user.one")).isTrue();
    assertThat(Xattrs.remove(file, "user.one")).isFalse();
    assertThat(Xattrs.get(file, "user.one")).isEmpty();
    assertThat(Xattrs.get(file, "user.two")).hasValueSatisfying(v -> assertThat(v).isEmpty());
    assertThat(Xattrs.list(file)).containsExactly("user.two");
  }
}
