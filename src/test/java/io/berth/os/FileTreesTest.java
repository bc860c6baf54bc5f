package io.berth.os;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FileTreesTest {
  private Path scratch;
  private Path outside;

  @BeforeEach
  void createOutside() throws Exception {
    scratch = Files.createTempDirectory("berth-filetrees");
    outside = Files.createDirectories(scratch.resolve("outside"));
    Files.writeString(outside.resolve("precious"), "keep me");
  }

  @AfterEach
  void clean() throws Exception {
    FileTrees.delete(scratch);
  }

  @Test
  void delete_treeWithSymlinksOutward_removesTheLinksNotTheirTargets() throws Exception {
    Path tree = Files.createDirectories(scratch.resolve("tree/a/b"));
    Files.createSymbolicLink(tree.resolve("to-dir"), outside);
    Files.createSymbolicLink(tree.resolve("to-file"), outside.resolve("precious"));
    Files.writeString(tree.resolve("file"), "x");
    Path locked = Files.createDirectories(scratch.resolve("tree/locked"));
    Files.writeString(locked.resolve("inside"), "x");
    Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));

    assertThat(FileTrees.delete(scratch.resolve("tree"))).isTrue();

    assertThat(Files.exists(scratch.resolve("tree"), LinkOption.NOFOLLOW_LINKS)).isFalse();
    assertThat(Files.readString(outside.resolve("precious"))).isEqualTo("keep me");
  }

  @Test
  void delete_rootThatIsASymlink_removesOnlyTheLink() throws Exception {
    Path link = Files.createSymbolicLink(scratch.resolve("link"), outside);

    assertThat(FileTrees.delete(link)).isTrue();

    assertThat(Files.exists(link, LinkOption.NOFOLLOW_LINKS)).isFalse();
    assertThat(Files.readString(outside.resolve("precious"))).isEqualTo("keep me");
  }

  @Test
  void delete_missingRoot_returnsFalse() throws Exception {
    assertThat(FileTrees.delete(scratch.resolve("missing"))).isFalse();
  }
}
