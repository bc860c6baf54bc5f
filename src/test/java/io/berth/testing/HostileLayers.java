package io.berth.testing;

import static io.berth.testing.HostileLayer.Refused.ALWAYS;
import static io.berth.testing.HostileLayer.Refused.NEVER;
import static io.berth.testing.HostileLayer.Refused.WHEN_DEVICES_FORBIDDEN;
import static io.berth.testing.HostileLayer.Refused.WHEN_SIZE_LIMITED;

import java.nio.file.Path;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Stream;

/**
 * The hostile-layer corpus: one named case per attack on an unpacker, built for one {@link Canary}
 * (whose name and paths the escaping entries use, so that even a broken unpacker only writes where
 * the canary looks). Each case is a well-formed layer whose content is the attack.
 *
 * <p>Relative escapes count from {@link Canary#target()}, three levels below the work directory:
 * {@code ../..} from there is still inside it.
 */
public final class HostileLayers {
  /** The uncompressed size of the decompression bomb: 1 GiB of zeros, about 1 MiB gzipped. */
  public static final long BOMB_SIZE = 1L << 30;

  private static final String UP_TO_HOST_ROOT = "../".repeat(32);

  private HostileLayers() {}

  /**
   * Every case: the escapes (paths, symbolic links, hard links and whiteouts that reach outside the
   * target), the limits (names, sizes), and {@link HostileEntries} that break a rule in place.
   */
  public static List<HostileLayer> all(Canary canary) {
    return Stream.concat(escapesAndLimits(canary).stream(), HostileEntries.all().stream()).toList();
  }

  private static List<HostileLayer> escapesAndLimits(Canary canary) {
    String n = canary.name();
    String work = canary.workDir().toString();
    String victim = canary.victim().toString();
    return List.of(
        one(
            "dotdot",
            "a leading ../.. climbs out of the target",
            "..",
            ALWAYS,
            Layer.builder().file("../../" + n + "-dotdot", "escaped\n")),
        one(
            "dotdot-inside",
            "a .. in the middle of a path climbs out",
            "..",
            ALWAYS,
            Layer.builder()
                .directory("sub")
                .file("sub/../../../" + n + "-dotdot-inside", "escaped\n")),
        one(
            "absolute",
            "an absolute path names a file outside the target",
            "absolute",
            ALWAYS,
            Layer.builder().file(work + "/" + n + "-absolute", "escaped\n")),
        one(
            "symlink-to-root",
            "link -> / then link/file writes at the host root",
            "symbolic link",
            ALWAYS,
            Layer.builder()
                .symlink("escape", "/")
                .file("escape/" + n + "-symlink-root", "escaped\n")),
        one(
            "symlink-upwards",
            "link -> ../../.. then link/file writes above the target",
            "symbolic link",
            ALWAYS,
            Layer.builder().symlink("up", "../../..").file("up/" + n + "-symlink-up", "escaped\n")),
        one(
            "symlink-in-parent",
            "a directory and a file reached through a symlink in their parent path",
            "symbolic link",
            ALWAYS,
            Layer.builder()
                .directory("sub")
                .symlink("sub/link", work)
                .directory("sub/link/" + n + "-parent-dir")
                .file("sub/link/" + n + "-parent-dir/file", "escaped\n")),
        new HostileLayer(
            "symlink-from-lower-layer",
            "layer 1 plants link -> outside, layer 2 writes link/file",
            "symbolic link",
            NEVER,
            List.of(
                Layer.builder().symlink("lower", work).build(),
                Layer.builder().file("lower/" + n + "-lower-layer", "escaped\n").build())),
        one(
            "hardlink-passwd-relative",
            "a hard link to ../../…/etc/passwd",
            "hard link",
            ALWAYS,
            Layer.builder().hardlink("passwd", UP_TO_HOST_ROOT + "etc/passwd")),
        one(
            "hardlink-passwd-absolute",
            "a hard link to /etc/passwd",
            "hard link",
            ALWAYS,
            Layer.builder().hardlink("passwd", "/etc/passwd")),
        one(
            "hardlink-write-through",
            "a hard link to a file outside, then a regular entry of the same name writes into it",
            "hard link",
            ALWAYS,
            Layer.builder().hardlink("victim", "../../../victim").file("victim", "pwned\n")),
        one(
            "hardlink-to-outside-symlink",
            "a hard link to a symlink that points outside, then writing through the hard link",
            "symbolic link",
            NEVER,
            Layer.builder()
                .symlink("pointer", victim)
                .hardlink("alias", "pointer")
                .file("alias", "pwned\n")),
        one(
            "whiteout-traversal",
            "a whiteout ../../.wh.name deletes a file outside the target",
            "whiteout",
            ALWAYS,
            Layer.builder()
                .add(
                    new TarEntry.RegularFile(
                        "../../.wh." + canary.whiteoutTarget().getFileName(),
                        Content.empty(),
                        EntryAttributes.mode(0)))),
        one(
            "whiteout-dotdot",
            "whiteouts named . and .. (sub/.wh.. deletes sub; .wh... deletes the target's parent)",
            "whiteout",
            ALWAYS,
            Layer.builder()
                .directory("sub")
                .add(
                    new TarEntry.RegularFile("sub/.wh..", Content.empty(), EntryAttributes.mode(0)))
                .add(new TarEntry.RegularFile(".wh...", Content.empty(), EntryAttributes.mode(0)))),
        one(
            "whiteout-of-parent",
            "a whiteout sub/.wh... whose name is '..'",
            "whiteout",
            ALWAYS,
            Layer.builder()
                .directory("sub")
                .add(
                    new TarEntry.RegularFile(
                        "sub/.wh...", Content.empty(), EntryAttributes.mode(0)))),
        one(
            "device-node",
            "a character device for kernel memory (/dev/mem, 1:1)",
            "device",
            WHEN_DEVICES_FORBIDDEN,
            Layer.builder().directory("dev").characterDevice("dev/mem", 1, 1, 0666)),
        one(
            "decompression-bomb",
            "1 GiB of zeros that compress to about 1 MiB",
            "limit",
            WHEN_SIZE_LIMITED,
            Layer.builder().file("bomb", new Content.Zeros(BOMB_SIZE), EntryAttributes.mode(0644))),
        one(
            "overlay-xattrs",
            "trusted.overlay.* xattrs that would change what overlayfs shows (opaque, redirect)",
            "trusted.overlay",
            ALWAYS,
            Layer.builder()
                .directory(
                    "hidden", EntryAttributes.mode(0755).withXattr("trusted.overlay.opaque", "y"))
                .directory(
                    "redirected",
                    EntryAttributes.mode(0755).withXattr("trusted.overlay.redirect", "/etc"))),
        one(
            "symlink-through-symlink",
            "link -> ../../.. then a second symlink created through it",
            "symbolic link",
            ALWAYS,
            Layer.builder()
                .symlink("up", "../../..")
                .symlink("up/" + n + "-symlink-through", "/etc/shadow")),
        one(
            "symlink-nested-file",
            "a symlink below a directory, then a file two levels below it",
            "symbolic link",
            ALWAYS,
            Layer.builder()
                .directory("sub")
                .symlink("sub/link", "../../../..")
                .file("sub/link/" + n + "-nested/file", "escaped\n")),
        one(
            "hardlink-through-symlink",
            "link -> ../../.. then a hard link to link/victim",
            "symbolic link",
            ALWAYS,
            Layer.builder().symlink("up", "../../..").hardlink("alias", "up/victim")),
        one(
            "whiteout-through-symlink",
            "link -> ../.. then link/.wh.name deletes a file next to the target's parent",
            "symbolic link",
            ALWAYS,
            Layer.builder()
                .symlink("up", "../..")
                .whiteout("up/" + canary.whiteoutTarget().getFileName())),
        one(
            "opaque-through-symlink",
            "link -> ../.. then link/.wh..wh..opq marks a directory outside opaque",
            "symbolic link",
            ALWAYS,
            Layer.builder().symlink("up", "../..").opaque("up")),
        one(
            "long-component",
            "a single name of 300 bytes, beyond NAME_MAX (255)",
            "too long",
            ALWAYS,
            Layer.builder().file("x".repeat(300), "long\n")),
        one(
            "long-path",
            "a path of about 4200 bytes in 200-byte names, beyond PATH_MAX (4096)",
            "too long",
            ALWAYS,
            longPath()));
  }

  /**
   * The names of all cases, without planting a canary: for a parameterized test that plants one
   * canary per case and builds the case with {@link #named}.
   */
  public static List<String> names() {
    return all(Canary.unplanted(Path.of("/nonexistent/berth-canary"))).stream()
        .map(HostileLayer::name)
        .toList();
  }

  public static HostileLayer named(Canary canary, String name) {
    return all(canary).stream()
        .filter(c -> c.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new NoSuchElementException("no hostile case named " + name));
  }

  private static LayerBuilder longPath() {
    LayerBuilder layer = Layer.builder();
    StringBuilder path = new StringBuilder();
    while (path.length() < 4200) {
      if (!path.isEmpty()) {
        path.append('/');
      }
      path.append("d".repeat(200));
      layer.directory(path.toString());
    }
    return layer.file(path + "/file", "deep\n");
  }

  static HostileLayer one(
      String name,
      String attempt,
      String errorWord,
      HostileLayer.Refused refused,
      LayerBuilder layer) {
    return new HostileLayer(name, attempt, errorWord, refused, List.of(layer.build()));
  }
}
