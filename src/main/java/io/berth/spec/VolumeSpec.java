package io.berth.spec;

/**
 * A named volume services mount: a host directory the agent creates (when absent) with the owner
 * and mode given. XFS and NFS volumes come later.
 *
 * @param name referred to by mounts as {@code volume:NAME} (or {@code NAME:/target} in the short
 *     form)
 * @param path the host directory; null for {@code <root>/volumes/<name>}
 * @param uid owner, or null to leave it
 * @param gid group, or null to leave it
 * @param mode permissions in octal, such as {@code 0750}, or null for 0755
 */
public record VolumeSpec(String name, String path, Integer uid, Integer gid, String mode) {
  public VolumeSpec {
    if (name == null || !name.matches("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}")) {
      throw new IllegalArgumentException("invalid volume name '%s'".formatted(name));
    }
    if (path != null && !path.startsWith("/")) {
      throw new IllegalArgumentException(
          "volume %s: path must be absolute, not '%s'".formatted(name, path));
    }
    if (path != null && PathNames.hasDotDot(path)) {
      throw new IllegalArgumentException(
          "volume %s: path '%s' contains '..'".formatted(name, path));
    }
    if (mode != null && !mode.matches("0?[0-7]{3,4}")) {
      throw new IllegalArgumentException(
          "volume %s: mode must be octal such as 0750, not '%s'".formatted(name, mode));
    }
    if ((uid != null && uid < 0) || (gid != null && gid < 0)) {
      throw new IllegalArgumentException(
          "volume %s: uid and gid cannot be negative".formatted(name));
    }
  }
}
