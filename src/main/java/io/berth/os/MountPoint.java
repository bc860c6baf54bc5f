package io.berth.os;

import java.nio.file.Path;
import java.util.List;

/**
 * One line of {@code /proc/self/mountinfo} (see {@code proc(5)}): a mount, where it is and what it
 * mounts. Paths have their octal escapes ({@code \040} for a space) decoded.
 *
 * @param id the mount's unique id
 * @param parentId the id of the mount this one is mounted on
 * @param device {@code major:minor} of the filesystem
 * @param root the directory of the filesystem mounted here ({@code /} unless a bind mount)
 * @param path where it is mounted, in this process's view
 * @param options per-mount options ({@code rw,nosuid,relatime})
 * @param optionalFields propagation tags ({@code shared:1}, {@code master:2})
 * @param fsType the filesystem type, with a subtype after a dot
 * @param source what was mounted ({@code overlay}, {@code /dev/sda1}), or {@code none}
 * @param superOptions per-filesystem options ({@code lowerdir=...})
 */
public record MountPoint(
    int id,
    int parentId,
    String device,
    String root,
    Path path,
    String options,
    List<String> optionalFields,
    String fsType,
    String source,
    String superOptions) {
  public MountPoint {
    optionalFields = List.copyOf(optionalFields);
  }
}
