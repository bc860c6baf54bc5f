package io.berth.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A rootfs's /etc/passwd read without leaving the rootfs, whatever its links say. */
class RootedFilesTest {
  private Path root;
  private long openBefore;

  @BeforeEach
  void createRoot() throws Exception {
    root = Files.createTempDirectory("berth-rootfs");
    Files.createDirectories(root.resolve("etc"));
    Files.writeString(root.resolve("etc/shadow"), "inside\n");
    openBefore = OpenFiles.ours(root);
  }

  @AfterEach
  void removeRoot() throws Exception {
    assertThat(OpenFiles.ours(root)).as("descriptors left open").isEqualTo(openBefore);
    FileTrees.delete(root);
  }

  @Test
  void read_absoluteSymlinkToHostFile_resolvesInsideTheRoot() throws Exception {
    Files.createSymbolicLink(root.resolve("etc/passwd"), Path.of("/etc/shadow"));

    assertThat(text(RootedFiles.read(root, "/etc/passwd", 4096))).isEqualTo("inside\n");
  }

  @Test
  void read_dotDotPastTheRoot_staysAtTheRoot() throws Exception {
    Files.createSymbolicLink(root.resolve("etc/group"), Path.of("../../../../../etc/shadow"));

    assertThat(text(RootedFiles.read(root, "etc/group", 4096))).isEqualTo("inside\n");
    assertThat(text(RootedFiles.read(root, "../../../etc/shadow", 4096))).isEqualTo("inside\n");
  }

  @Test
  void read_linkToAHostFileMissingInTheRoot_failsWithENOENT() throws Exception {
    Files.createSymbolicLink(root.resolve("etc/passwd"), Path.of("/etc/hostname"));

    assertThatThrownBy(() -> RootedFiles.read(root, "/etc/passwd", 4096))
        .isInstanceOfSatisfying(
            ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT))
        .hasMessageContaining("openat2(/etc/passwd)");
  }

  @Test
  void read_throughAMagicLink_isRefused() throws Exception {
    assertThat(Files.exists(Path.of("/proc/self/root/etc/hostname"))).isTrue();

    assertThatThrownBy(() -> RootedFiles.read(Path.of("/"), "proc/self/root/etc/hostname", 4096))
        .isInstanceOfSatisfying(
            ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ELOOP));
  }

  @Test
  void read_fifo_isRefusedWithoutBlocking() throws Exception {
    Pipes.makeFifo(root.resolve("etc/passwd"), 0600);

    assertThatThrownBy(() -> RootedFiles.read(root, "/etc/passwd", 4096))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("/etc/passwd in " + root + " is not a regular file");
  }

  @Test
  void read_largerThanAllowed_isRefused() throws Exception {
    Files.writeString(root.resolve("etc/passwd"), "x".repeat(100));

    assertThatThrownBy(() -> RootedFiles.read(root, "/etc/passwd", 99))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("has 100 bytes, more than the 99 allowed");
    assertThat(RootedFiles.read(root, "/etc/passwd", 100)).hasSize(100);
  }

  @Test
  void open_noSymlinksAsked_refusesAnyLink() throws Exception {
    Files.createSymbolicLink(root.resolve("etc/passwd"), Path.of("shadow"));
    int rootFd = FileDescriptors.open(root, Fcntl.O_PATH | Fcntl.O_DIRECTORY | Fcntl.O_CLOEXEC);
    try {
      assertThatThrownBy(
              () ->
                  RootedFiles.open(
                      rootFd,
                      "etc/passwd",
                      Fcntl.O_RDONLY | Fcntl.O_CLOEXEC,
                      RootedFiles.RESOLVE_NO_SYMLINKS))
          .isInstanceOfSatisfying(
              ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ELOOP));
      int fd = RootedFiles.open(rootFd, "etc/passwd", Fcntl.O_RDONLY | Fcntl.O_CLOEXEC, 0);
      FileDescriptors.close(fd);
    } finally {
      FileDescriptors.close(rootFd);
    }
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
