package io.berth.testing;

import static io.berth.testing.HostileLayer.Refused.ALWAYS;
import static io.berth.testing.HostileLayer.Refused.WHEN_DEVICES_FORBIDDEN;
import static io.berth.testing.HostileLayers.one;

import java.util.List;

/**
 * The cases of {@link HostileLayers} whose entries reach nothing outside the target but break a
 * rule in place: device nodes, forged overlayfs and security metadata, NUL bytes in names, a hard
 * link to a directory, an entry that replaces the root.
 */
final class HostileEntries {
  private HostileEntries() {}

  static List<HostileLayer> all() {
    return List.of(
        one(
            "block-device",
            "a block device for the host's first disk (8:0)",
            "device",
            WHEN_DEVICES_FORBIDDEN,
            Layer.builder().blockDevice("disk", 8, 0, 0660)),
        one(
            "overlay-redirect-xattr",
            "trusted.overlay.redirect alone, pointing a directory at /etc",
            "trusted.overlay",
            ALWAYS,
            Layer.builder().directory("d", withXattr("trusted.overlay.redirect", "/etc"))),
        one(
            "userxattr-overlay",
            "user.overlay.opaque, what overlayfs reads when mounted with userxattr",
            "user.overlay",
            ALWAYS,
            Layer.builder().directory("d", withXattr("user.overlay.opaque", "y"))),
        one(
            "trusted-xattr",
            "an xattr in the trusted namespace other than overlayfs's",
            "trusted",
            ALWAYS,
            Layer.builder().directory("d", withXattr("trusted.something", "x"))),
        one(
            "selinux-label",
            "a security.selinux label that would relabel the file on the host",
            "security",
            ALWAYS,
            Layer.builder()
                .directory("d", withXattr("security.selinux", "system_u:object_r:shadow_t:s0"))),
        one(
            "nul-in-name",
            "a NUL byte in a name (in a PAX path record), which C truncates",
            "NUL",
            ALWAYS,
            Layer.builder().file("n".repeat(120) + "\0evil", "x")),
        one(
            "nul-in-symlink-target",
            "a NUL byte in a symbolic link's target (in a PAX linkpath record)",
            "NUL",
            ALWAYS,
            Layer.builder().symlink("s", "t".repeat(120) + "\0x")),
        one(
            "hardlink-to-directory",
            "a hard link to a directory, which would let the tree loop",
            "directory",
            ALWAYS,
            Layer.builder().directory("d").hardlink("h", "d")),
        one(
            "root-replaced",
            "a regular file named '.', replacing the root of the layer",
            "root",
            ALWAYS,
            Layer.builder().file(".", "x")));
  }

  private static EntryAttributes withXattr(String name, String value) {
    return LayerBuilder.DIRECTORY.withXattr(name, value);
  }
}
