package io.berth.image.unpack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.os.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Layers that try to write outside their snapshot, or to set what a layer may not set. Each is
 * refused naming the entry and the rule, and a canary beside the target proves nothing escaped.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HostileLayerTest {
  /** An absolute path no test creates, to prove absolute entries land nowhere. */
  private static final String ABSOLUTE = "/tmp/berth-escape-" + UUID.randomUUID();

  private Path root;
  private Path target;
  private Map<String, String> outsideBefore;

  @BeforeEach
  void createCanary() throws IOException {
    root = Files.createTempDirectory("berth-hostile");
    Path canary = Files.createDirectories(root.resolve("canary"));
    Files.writeString(canary.resolve("canary"), "untouched");
    Files.createDirectories(canary.resolve("dir"));
    target = Files.createDirectory(root.resolve("target"));
    outsideBefore = outside();
  }

  @AfterEach
  void checkCanaryAndClean() throws IOException {
    try {
      assertThat(outside()).as("files outside the target").isEqualTo(outsideBefore);
      assertThat(Files.exists(Path.of(ABSOLUTE), LinkOption.NOFOLLOW_LINKS)).isFalse();
    } finally {
      FileTrees.delete(root);
    }
  }

  static Stream<Arguments> hostileLayers() {
    String tooLong = "p/".repeat(2100) + "x";
    String nulName = "n".repeat(120) + "\0evil";
    return Stream.of(
        refused(
            "dot-dot escape",
            new TarFixture().file("../canary/canary", "pwned").build(),
            "../canary/canary",
            "climbs out of the layer root"),
        refused(
            "dot-dot escape after going down",
            new TarFixture().file("a/b/../../../canary/new", "pwned").build(),
            "a/b/../../../canary/new",
            "climbs out of the layer root"),
        refused(
            "absolute path",
            new TarFixture().file(ABSOLUTE, "pwned").build(),
            ABSOLUTE,
            "absolute path"),
        refused(
            "file through a symlink to a directory outside",
            new TarFixture().symlink("link", "../canary").file("link/canary", "pwned").build(),
            "link/canary",
            "crosses the symbolic link 'link'"),
        refused(
            "file through an absolute symlink",
            new TarFixture().symlink("etc", root() + "/canary").file("etc/new", "pwned").build(),
            "etc/new",
            "crosses the symbolic link 'etc'"),
        refused(
            "directory through a symlink",
            new TarFixture().symlink("link", "../canary").dir("link/sub/", 0755).build(),
            "link/sub/",
            "crosses the symbolic link 'link'"),
        refused(
            "symlink through a symlink",
            new TarFixture()
                .symlink("link", "../canary")
                .symlink("link/dir/evil", "/etc/shadow")
                .build(),
            "link/dir/evil",
            "crosses the symbolic link 'link'"),
        refused(
            "file below a deeper symlink",
            new TarFixture()
                .dir("a/", 0755)
                .symlink("a/b", "../../canary")
                .file("a/b/dir/new", "pwned")
                .build(),
            "a/b/dir/new",
            "crosses the symbolic link 'a/b'"),
        refused(
            "hard link to a file outside",
            new TarFixture().hardlink("h", "../canary/canary").build(),
            "h",
            "hard link target climbs out"),
        refused(
            "hard link to an absolute path",
            new TarFixture().hardlink("h", "/etc/passwd").build(),
            "h",
            "hard link target is an absolute path"),
        refused(
            "hard link through a symlink",
            new TarFixture().symlink("link", "../canary").hardlink("h", "link/canary").build(),
            "h",
            "lies below 'link', which is a symbolic link"),
        refused(
            "hard link to a directory",
            new TarFixture().dir("d/", 0755).hardlink("h", "d").build(),
            "h",
            "is a directory"),
        refused(
            "whiteout of ..",
            new TarFixture().file("a/.wh...", "").build(),
            "a/.wh...",
            "a whiteout must name a file"),
        refused(
            "whiteout outside",
            new TarFixture().file("../canary/.wh.canary", "").build(),
            "../canary/.wh.canary",
            "climbs out"),
        refused(
            "whiteout through a symlink",
            new TarFixture().symlink("link", "../canary").file("link/.wh.canary", "").build(),
            "link/.wh.canary",
            "crosses the symbolic link 'link'"),
        refused(
            "opaque marker through a symlink",
            new TarFixture().symlink("link", "../canary").file("link/.wh..wh..opq", "").build(),
            "link/.wh..wh..opq",
            "crosses the symbolic link 'link'"),
        refused(
            "character device",
            new TarFixture().device("dev/mem", TarConstants.LF_CHR, 1, 1).build(),
            "dev/mem",
            "character device (1:1) and the unpack policy forbids device nodes"),
        refused(
            "block device",
            new TarFixture().device("disk", TarConstants.LF_BLK, 8, 0).build(),
            "disk",
            "block device (8:0) and the unpack policy forbids device nodes"),
        refused(
            "forged opaque xattr",
            xattr("SCHILY.xattr.trusted.overlay.opaque", "y"),
            "d/",
            "extended attribute 'trusted.overlay.opaque': overlayfs metadata"),
        refused(
            "forged overlay redirect",
            xattr("SCHILY.xattr.trusted.overlay.redirect", "/etc"),
            "d/",
            "overlayfs metadata"),
        refused(
            "userxattr overlay metadata",
            xattr("SCHILY.xattr.user.overlay.opaque", "y"),
            "d/",
            "overlayfs metadata"),
        refused(
            "other trusted xattr",
            xattr("SCHILY.xattr.trusted.something", "x"),
            "d/",
            "trusted namespace is reserved"),
        refused(
            "selinux label",
            xattr("SCHILY.xattr.security.selinux", "system_u:object_r:shadow_t:s0"),
            "d/",
            "only security.capability"),
        refused(
            "NUL in a name",
            new TarFixture().file(nulName, "x").build(),
            nulName,
            "contains a NUL byte"),
        refused(
            "name over PATH_MAX", new TarFixture().file(tooLong, "x").build(), tooLong, "too long"),
        refused(
            "component over NAME_MAX",
            new TarFixture().file("a/" + "n".repeat(256), "x").build(),
            "a/" + "n".repeat(256),
            "too long"),
        refused(
            "symlink target with NUL",
            new TarFixture().symlink("s", "t".repeat(120) + "\0x").build(),
            "s",
            "without NUL"),
        refused(
            "the root replaced by a file",
            new TarFixture().file(".", "x").build(),
            ".",
            "names the layer root"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileLayers")
  void unpack_hostileLayer_isRefusedNamingTheEntryAndTheRule(
      String description, byte[] tar, String entry, String rule) {
    assertThatThrownBy(() -> Unpacked.unpack(tar, Compression.NONE, target))
        .isInstanceOf(LayerRejectedException.class)
        .hasMessageContaining("'" + entry + "'")
        .hasMessageContaining(rule)
        .satisfies(e -> assertThat(((LayerRejectedException) e).entry()).hasValue(entry));
  }

  @Test
  void unpack_fileReplacingASymlinkToTheCanary_replacesTheLinkNotTheCanary() throws Exception {
    byte[] tar =
        new TarFixture()
            .symlink("link", "../canary/canary")
            .file("link", "written in the snapshot")
            .symlink("dirlink", "../canary/dir")
            .dir("dirlink/", 0755)
            .build();

    Unpacked.unpack(tar, Compression.NONE, target);

    assertThat(Files.readString(target.resolve("link"))).isEqualTo("written in the snapshot");
    assertThat(Files.isDirectory(target.resolve("dirlink"), LinkOption.NOFOLLOW_LINKS)).isTrue();
  }

  @Test
  void unpack_symlinkPointingOutside_isKeptAsContentOnly() throws Exception {
    byte[] tar =
        new TarFixture()
            .symlink("up", "../../../../canary/canary")
            .symlink("abs", "/etc/shadow")
            .hardlink("hard-to-link", "up")
            .build();

    Unpacked.unpack(tar, Compression.NONE, target);

    assertThat(Files.readSymbolicLink(target.resolve("up")))
        .hasToString("../../../../canary/canary");
    assertThat(Files.readSymbolicLink(target.resolve("abs"))).hasToString("/etc/shadow");
    assertThat(Files.isSymbolicLink(target.resolve("hard-to-link"))).isTrue();
  }

  @Test
  void unpack_oversizedPaxHeader_isRefusedBeforeItIsHeldInMemory() {
    byte[] tar =
        new TarFixture()
            .file("f", "x", 0644, e -> e.addPaxHeader("comment", "c".repeat(2 << 20)))
            .build();

    assertThatThrownBy(() -> Unpacked.unpack(tar, Compression.NONE, target))
        .isInstanceOf(LayerRejectedException.class)
        .hasMessageContaining("exceeds the 1048576-byte cap");
  }

  @Test
  void delete_afterARefusal_removesTheTargetWithoutFollowingItsSymlinks() throws Exception {
    byte[] tar =
        new TarFixture()
            .symlink("link", "../canary")
            .symlink("abs", root + "/canary/canary")
            .dir("d/", 0)
            .file("d/f", "x", 0, e -> {})
            .file("link/x", "refused here")
            .build();
    assertThatThrownBy(() -> Unpacked.unpack(tar, Compression.NONE, target))
        .isInstanceOf(LayerRejectedException.class);

    assertThat(FileTrees.delete(target)).isTrue();

    assertThat(Files.exists(target, LinkOption.NOFOLLOW_LINKS)).isFalse();
    Files.createDirectory(target); // the after-check expects the tree as it was
  }

  private static Arguments refused(String description, byte[] tar, String entry, String rule) {
    return Arguments.of(description, tar, entry, rule);
  }

  private static byte[] xattr(String paxKey, String value) {
    return new TarFixture()
        .entry("d/", TarConstants.LF_DIR, 0755, null, e -> e.addPaxHeader(paxKey, value))
        .build();
  }

  /** A stand-in for the root of the tree, fixed when the hostile layers are built. */
  private static String root() {
    return System.getProperty("java.io.tmpdir");
  }

  /** Every path outside the target, with what it is and holds. */
  private Map<String, String> outside() throws IOException {
    Map<String, String> found = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : (Iterable<Path>) paths::iterator) {
        if (p.startsWith(target) || p.equals(root)) {
          continue; // the root's own mtime changes when a test recreates the target
        }
        BasicFileAttributes a =
            Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        String content = a.isRegularFile() ? Files.readString(p) : "";
        found.put(
            root.relativize(p).toString(),
            "%s %d %s %s"
                .formatted(a.isDirectory() ? "d" : "f", a.size(), a.lastModifiedTime(), content));
      }
    }
    return found;
  }
}
