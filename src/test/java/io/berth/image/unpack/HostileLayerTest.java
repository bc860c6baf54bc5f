package io.berth.image.unpack;

import static io.berth.image.unpack.LayerUnpackerTest.tar;
import static io.berth.image.unpack.LayerUnpackerTest.unpack;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.os.FileTrees;
import io.berth.testing.Canary;
import io.berth.testing.Content;
import io.berth.testing.EntryAttributes;
import io.berth.testing.HostileLayer;
import io.berth.testing.HostileLayers;
import io.berth.testing.Layer;
import io.berth.testing.LayerBuilder;
import io.berth.testing.TarEntry.Directory;
import io.berth.testing.TempDirectory;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shared hostile corpus ({@link HostileLayers}) against {@link LayerUnpacker}: each case is
 * refused under the policy its {@link HostileLayer.Refused} names, with an error that has the
 * case's word, names the entry and states berth's rule (or, for the few berth defuses instead,
 * unpacked into the snapshot only); and the {@link Canary} around the target proves that nothing
 * escaped, refused or not.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HostileLayerTest {
  /** Below {@link HostileLayers#BOMB_SIZE}, so the decompression bomb meets a limit. */
  private static final long SIZE_LIMIT = 64L << 20;

  /**
   * What berth says when it refuses a case: which entry of the top layer it names (none for the
   * bomb, which breaks a limit of the whole layer) and the rule. Every case of the corpus needs
   * one, so a case added there is checked here too.
   */
  private record Refusal(Optional<Integer> entry, String rule) {
    static Refusal at(int entry, String rule) {
      return new Refusal(Optional.of(entry), rule);
    }
  }

  private static final Map<String, Refusal> REFUSALS =
      Map.ofEntries(
          Map.entry("dotdot", Refusal.at(0, "climbs out of the layer root")),
          Map.entry("dotdot-inside", Refusal.at(1, "climbs out of the layer root")),
          Map.entry("absolute", Refusal.at(0, "absolute path")),
          Map.entry("symlink-to-root", Refusal.at(1, "crosses the symbolic link 'escape'")),
          Map.entry("symlink-upwards", Refusal.at(1, "crosses the symbolic link 'up'")),
          Map.entry("symlink-in-parent", Refusal.at(2, "crosses the symbolic link 'sub/link'")),
          Map.entry("symlink-through-symlink", Refusal.at(1, "crosses the symbolic link 'up'")),
          Map.entry("symlink-nested-file", Refusal.at(2, "crosses the symbolic link 'sub/link'")),
          Map.entry("hardlink-passwd-relative", Refusal.at(0, "hard link target climbs out")),
          Map.entry(
              "hardlink-passwd-absolute", Refusal.at(0, "hard link target is an absolute path")),
          Map.entry("hardlink-write-through", Refusal.at(0, "hard link target climbs out")),
          Map.entry(
              "hardlink-through-symlink",
              Refusal.at(1, "lies below 'up', which is a symbolic link")),
          Map.entry("hardlink-to-directory", Refusal.at(1, "is a directory")),
          Map.entry("whiteout-traversal", Refusal.at(0, "climbs out")),
          Map.entry("whiteout-dotdot", Refusal.at(1, "a whiteout must name a file")),
          Map.entry("whiteout-of-parent", Refusal.at(1, "a whiteout must name a file")),
          Map.entry("whiteout-through-symlink", Refusal.at(1, "crosses the symbolic link 'up'")),
          Map.entry("opaque-through-symlink", Refusal.at(1, "crosses the symbolic link 'up'")),
          Map.entry(
              "device-node",
              Refusal.at(1, "character device (1:1) and the unpack policy forbids device nodes")),
          Map.entry(
              "block-device",
              Refusal.at(0, "block device (8:0) and the unpack policy forbids device nodes")),
          Map.entry(
              "decompression-bomb",
              new Refusal(Optional.empty(), "size limit of " + SIZE_LIMIT + " bytes")),
          Map.entry(
              "overlay-xattrs",
              Refusal.at(0, "extended attribute 'trusted.overlay.opaque': overlayfs metadata")),
          Map.entry("overlay-redirect-xattr", Refusal.at(0, "overlayfs metadata")),
          Map.entry("userxattr-overlay", Refusal.at(0, "overlayfs metadata")),
          Map.entry("trusted-xattr", Refusal.at(0, "trusted namespace is reserved")),
          Map.entry("selinux-label", Refusal.at(0, "only security.capability")),
          Map.entry("nul-in-name", Refusal.at(0, "contains a NUL byte")),
          Map.entry("nul-in-symlink-target", Refusal.at(0, "without NUL")),
          Map.entry("long-component", Refusal.at(0, "more than NAME_MAX")),
          Map.entry("long-path", Refusal.at(20, "more than PATH_MAX")),
          Map.entry("root-replaced", Refusal.at(0, "names the layer root")));

  /**
   * The cases berth unpacks rather than refuses, because what they try cannot happen to it, with
   * what the snapshot holds instead; the canary still proves that nothing escaped.
   */
  private static final Map<String, String> DEFUSED =
      Map.of(
          // layer 2's lower/x makes 'lower' a directory of its own snapshot: nothing is written
          // through layer 1's link, which that directory hides in the merged view
          "symlink-from-lower-layer", "lower/ is a directory of the top snapshot",
          // the hard link to the symlink links the symlink itself; the file entry of the same
          // name then replaces the hard link, as any later entry replaces an earlier one
          "hardlink-to-outside-symlink", "alias is a file of the snapshot, pointer a symlink");

  @TempDir Path dir;
  @AutoClose Canary canary;
  private Path target;

  @BeforeEach
  void plantCanary() {
    canary = Canary.plant(dir.resolve("work"));
    target = canary.target();
  }

  @AfterEach
  void canaryUntouched() {
    canary.assertUntouched();
  }

  static List<String> refusedCases() {
    return HostileLayers.names().stream().filter(name -> !DEFUSED.containsKey(name)).toList();
  }

  static List<String> defusedCases() {
    List<String> defused = HostileLayers.names().stream().filter(DEFUSED::containsKey).toList();
    try (TempDirectory work = TempDirectory.create("berth-names-");
        Canary names = Canary.plant(work.path())) {
      List<String> never =
          HostileLayers.all(names).stream()
              .filter(c -> c.refused() == HostileLayer.Refused.NEVER)
              .map(HostileLayer::name)
              .toList();
      assertThat(defused)
          .as("the corpus's NEVER cases are the ones berth defuses")
          .containsExactlyInAnyOrderElementsOf(never);
    }
    return defused;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusedCases")
  void unpack_hostileCase_isRefusedWithItsWordNamingTheEntryAndTheRule(String name) {
    HostileLayer attack = HostileLayers.named(canary, name);
    assertThat(REFUSALS).as("what berth says when it refuses %s", name).containsKey(name);
    Refusal refusal = REFUSALS.get(name);
    Layer top = attack.layers().getLast();
    Optional<String> entry = refusal.entry().map(i -> writtenName(top.entries().get(i)));

    assertThatThrownBy(() -> unpackAll(attack, policyRefusing(attack.refused())))
        .isInstanceOf(LayerRejectedException.class)
        .hasMessageContaining(attack.errorWord())
        .hasMessageContaining(refusal.rule())
        .hasMessageContaining(entry.map(e -> "'" + e + "'").orElse("layer refused"))
        .satisfies(e -> assertThat(((LayerRejectedException) e).entry()).isEqualTo(entry));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("defusedCases")
  void unpack_caseBerthDefuses_unpacksInsideTheSnapshotOnly(String name) throws Exception {
    HostileLayer attack = HostileLayers.named(canary, name);
    assertThat(defusedCases()).as("defused cases in the corpus").hasSize(DEFUSED.size());

    unpackAll(attack, policyRefusing(attack.refused()));

    switch (name) {
      case "symlink-from-lower-layer" -> {
        assertThat(Files.isDirectory(target.resolve("lower"), LinkOption.NOFOLLOW_LINKS)).isTrue();
        assertThat(Files.readString(target.resolve("lower/" + canary.name() + "-lower-layer")))
            .isEqualTo("escaped\n");
      }
      case "hardlink-to-outside-symlink" -> {
        assertThat(Files.isRegularFile(target.resolve("alias"), LinkOption.NOFOLLOW_LINKS))
            .isTrue();
        assertThat(Files.readString(target.resolve("alias"))).isEqualTo("pwned\n");
        assertThat(Files.readSymbolicLink(target.resolve("pointer"))).isEqualTo(canary.victim());
      }
      default -> throw new AssertionError("no expectation for " + name + " " + DEFUSED);
    }
  }

  @Test
  void unpack_fileReplacingASymlinkToTheCanary_replacesTheLinkNotTheCanary() throws Exception {
    byte[] tar =
        tar(
            Layer.builder()
                .symlink("link", canary.victim().toString())
                .file("link", "written in the snapshot")
                .symlink("dirlink", canary.workDir().toString())
                .directory("dirlink")
                .build());

    unpack(tar, Compression.NONE, target);

    assertThat(Files.readString(target.resolve("link"))).isEqualTo("written in the snapshot");
    assertThat(Files.isDirectory(target.resolve("dirlink"), LinkOption.NOFOLLOW_LINKS)).isTrue();
  }

  @Test
  void unpack_symlinkPointingOutside_isKeptAsContentOnly() throws Exception {
    byte[] tar =
        tar(
            Layer.builder()
                .symlink("up", "../../../victim")
                .symlink("abs", "/etc/shadow")
                .hardlink("hard-to-link", "up")
                .build());

    unpack(tar, Compression.NONE, target);

    assertThat(Files.readSymbolicLink(target.resolve("up"))).hasToString("../../../victim");
    assertThat(Files.readSymbolicLink(target.resolve("abs"))).hasToString("/etc/shadow");
    assertThat(Files.isSymbolicLink(target.resolve("hard-to-link"))).isTrue();
  }

  @Test
  void unpack_oversizedPaxHeader_isRefusedBeforeItIsHeldInMemory() {
    byte[] tar =
        tar(
            Layer.builder()
                .file(
                    "f",
                    Content.of("x"),
                    LayerBuilder.FILE.withPaxRecord("comment", "c".repeat(2 << 20)))
                .build());

    assertThatThrownBy(() -> unpack(tar, Compression.NONE, target))
        .isInstanceOf(LayerRejectedException.class)
        .hasMessageContaining("exceeds the 1048576-byte cap");
  }

  @Test
  void delete_afterARefusal_removesTheTargetWithoutFollowingItsSymlinks() throws Exception {
    byte[] tar =
        tar(
            Layer.builder()
                .symlink("link", "../../..")
                .symlink("abs", canary.victim().toString())
                .directory("d", EntryAttributes.mode(0))
                .file("d/f", Content.of("x"), EntryAttributes.mode(0))
                .file("link/x", "refused here")
                .build());
    assertThatThrownBy(() -> unpack(tar, Compression.NONE, target))
        .isInstanceOf(LayerRejectedException.class);

    assertThat(FileTrees.delete(target)).isTrue();

    assertThat(Files.exists(target, LinkOption.NOFOLLOW_LINKS)).isFalse();
    Files.createDirectory(target); // the canary expects the tree as it was
  }

  /**
   * Unpacks the case's layers bottom first, each into a snapshot of its own with the ones before as
   * its lowers; the top one into the canary's target.
   */
  private void unpackAll(HostileLayer attack, UnpackPolicy policy) throws Exception {
    List<Path> lowers = new ArrayList<>();
    for (int i = 0; i < attack.layers().size(); i++) {
      boolean top = i == attack.layers().size() - 1;
      Path snapshot =
          top ? target : Files.createDirectory(target.resolveSibling("lower-snapshot-" + i));
      byte[] blob = LayerUnpackerTest.blob(attack.layers().get(i), Compression.GZIP);
      unpack(policy, blob, Compression.GZIP, snapshot, lowers.reversed().toArray(Path[]::new));
      lowers.add(snapshot);
    }
  }

  /** The policy under which the case must be refused; for ALWAYS, the most permissive one. */
  private static UnpackPolicy policyRefusing(HostileLayer.Refused when) {
    return switch (when) {
      case ALWAYS, NEVER -> UnpackPolicy.defaults().withDeviceNodes(true);
      case WHEN_DEVICES_FORBIDDEN -> UnpackPolicy.defaults().withDeviceNodes(false);
      case WHEN_SIZE_LIMITED -> UnpackPolicy.defaults().withMaxUncompressedBytes(SIZE_LIMIT);
    };
  }

  /** An entry's name as the tar holds it: the writer ends a directory's name with a slash. */
  private static String writtenName(io.berth.testing.TarEntry entry) {
    return entry instanceof Directory && !entry.path().endsWith("/")
        ? entry.path() + "/"
        : entry.path();
  }
}
