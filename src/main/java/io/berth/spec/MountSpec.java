package io.berth.spec;

/**
 * A mount into a container.
 *
 * @param type bind or tmpfs
 * @param source the host path of a bind mount (absolute); null for tmpfs
 * @param target the path inside the container (absolute)
 * @param readOnly mounted read-only
 * @param options tmpfs options such as {@code size=64m,mode=1777}; null for none
 */
public record MountSpec(Type type, String source, String target, boolean readOnly, String options) {
  public MountSpec {
    if (type == null) {
      throw new IllegalArgumentException("a mount needs a type (bind or tmpfs)");
    }
    if (target == null || !target.startsWith("/")) {
      throw new IllegalArgumentException(
          "the mount target must be an absolute path inside the container, not '%s'"
              .formatted(target));
    }
    if (PathNames.hasDotDot(target)) {
      throw new IllegalArgumentException("the mount target '%s' contains '..'".formatted(target));
    }
    if (type == Type.BIND && (source == null || !source.startsWith("/"))) {
      throw new IllegalArgumentException(
          "the bind mount source must be an absolute host path, not '%s'".formatted(source));
    }
    if (type == Type.TMPFS && source != null) {
      throw new IllegalArgumentException("a tmpfs mount has no source");
    }
  }

  public static MountSpec bind(String source, String target, boolean readOnly) {
    return new MountSpec(Type.BIND, source, target, readOnly, null);
  }

  public static MountSpec tmpfs(String target, String options) {
    return new MountSpec(Type.TMPFS, null, target, false, options);
  }

  /**
   * Parses Docker's {@code -v HOST:CONTAINER[:ro|rw]}.
   *
   * @throws IllegalArgumentException naming the volume and what is wrong
   */
  public static MountSpec parseVolume(String text) {
    String[] parts = text.split(":", -1);
    if (parts.length < 2 || parts.length > 3) {
      throw new IllegalArgumentException(
          "invalid volume '%s': expected HOST:CONTAINER[:ro]".formatted(text));
    }
    boolean readOnly = false;
    if (parts.length == 3) {
      readOnly =
          switch (parts[2]) {
            case "ro" -> true;
            case "rw" -> false;
            default ->
                throw new IllegalArgumentException(
                    "invalid volume '%s': the mode must be ro or rw, not '%s'"
                        .formatted(text, parts[2]));
          };
    }
    try {
      return bind(parts[0], parts[1], readOnly);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid volume '" + text + "': " + e.getMessage(), e);
    }
  }

  /** The kinds of mount berth makes. */
  public enum Type {
    BIND,
    TMPFS
  }
}
