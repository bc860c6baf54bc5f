package io.berth.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The expectations must fail when the content is wrong, or a passing image test proves nothing. */
@Timeout(30)
class ExpectedRootfsTest {
  @TempDir Path root;

  @Test
  void assertMatches_matchingTree_passes() throws IOException {
    Files.writeString(root.resolve("a"), "a\n");
    Files.setPosixFilePermissions(root.resolve("a"), PosixFilePermissions.fromString("rw-r--r--"));
    Files.createLink(root.resolve("b"), root.resolve("a"));
    Files.createSymbolicLink(root.resolve("l"), Path.of("a"));

    new ExpectedRootfs(
            List.of(
                ExpectedEntry.File.of("a", "a\n", 0644),
                new ExpectedEntry.SameInode("b", "a"),
                new ExpectedEntry.Symlink("l", "a"),
                new ExpectedEntry.Absent("gone")))
        .assertMatches(root);
  }

  @Test
  void mismatches_wrongContentModeLinkAndPresence_listsEachOne() throws IOException {
    Files.writeString(root.resolve("a"), "other\n");
    Files.setPosixFilePermissions(root.resolve("a"), PosixFilePermissions.fromString("rwx------"));
    Files.writeString(root.resolve("b"), "a\n");
    Files.createSymbolicLink(root.resolve("l"), Path.of("elsewhere"));
    Files.writeString(root.resolve("gone"), "still here\n");

    List<String> problems =
        new ExpectedRootfs(
                List.of(
                    ExpectedEntry.File.of("a", "a\n", 0644),
                    new ExpectedEntry.SameInode("b", "a"),
                    new ExpectedEntry.Symlink("l", "a"),
                    new ExpectedEntry.Absent("gone"),
                    ExpectedEntry.Directory.of("missing", 0755)))
            .mismatches(root);

    assertThat(problems)
        .anySatisfy(p -> assertThat(p).startsWith("a: mode 0700, expected 0644"))
        .anySatisfy(p -> assertThat(p).startsWith("a: content"))
        .anySatisfy(p -> assertThat(p).startsWith("b: should be a hard link to a"))
        .anySatisfy(p -> assertThat(p).startsWith("l: links to elsewhere"))
        .anySatisfy(p -> assertThat(p).startsWith("gone: should be absent"))
        .anySatisfy(p -> assertThat(p).startsWith("missing: missing"));
  }

  @Test
  void assertMatches_fileWhereADirectoryBelongs_namesBothKinds() throws IOException {
    Files.writeString(root.resolve("d"), "x");

    assertThatThrownBy(
            () ->
                new ExpectedRootfs(List.of(ExpectedEntry.Directory.of("d", 0755)))
                    .assertMatches(root))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("d: is a regular file, expected a directory");
  }
}
