package io.berth.spec;

/**
 * A fix of ownership and permissions before a service starts (ignity's perms): {@code path account
 * fmode dmode}. The account may hold {@code {{USERMAP_UID}}} and {@code {{USERMAP_GID}}}, replaced
 * from the service's environment when the fix is applied.
 *
 * @param path an absolute path in the container
 * @param account {@code uid:gid}, {@code uid}, or a name from the image's /etc/passwd, or null to
 *     leave the owner
 * @param fileMode octal mode for files, such as {@code 0644}, or null to leave it
 * @param dirMode octal mode for directories, or null to leave it
 * @param recursive whether everything below {@code path} is fixed too
 */
public record PermSpec(
    String path, String account, String fileMode, String dirMode, boolean recursive) {
  public PermSpec {
    if (path == null || !path.startsWith("/")) {
      throw new IllegalArgumentException("a perms path must be absolute, not '%s'".formatted(path));
    }
    if (PathNames.hasDotDot(path)) {
      throw new IllegalArgumentException("a perms path may not hold '..': " + path);
    }
    check(fileMode, "file mode");
    check(dirMode, "directory mode");
    if (account == null && fileMode == null && dirMode == null) {
      throw new IllegalArgumentException("perms for %s change nothing".formatted(path));
    }
  }

  /**
   * One line of ignity's perms file: {@code path [recurse] account fmode dmode}, where {@code -}
   * leaves a part as it is and {@code recurse} is {@code true} or {@code false} (recursive when
   * left out).
   */
  public static PermSpec parse(String line) {
    String[] parts = line.strip().split("\\s+");
    boolean recursive = true;
    int i = 0;
    if (parts.length == 5) {
      recursive =
          switch (parts[1]) {
            case "true", "recurse", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default ->
                throw new IllegalArgumentException(
                    "perms '%s': the second of five fields is true or false, not '%s'"
                        .formatted(line.strip(), parts[1]));
          };
      i = 1;
    } else if (parts.length != 4) {
      throw new IllegalArgumentException(
          "perms '%s' has %d fields: expected path account fmode dmode"
              .formatted(line.strip(), parts.length));
    }
    return new PermSpec(
        parts[0], dash(parts[1 + i]), dash(parts[2 + i]), dash(parts[3 + i]), recursive);
  }

  private static String dash(String s) {
    return s.equals("-") ? null : s;
  }

  private static void check(String mode, String what) {
    if (mode != null && !mode.matches("0?[0-7]{3,4}")) {
      throw new IllegalArgumentException(
          "the %s '%s' is not an octal mode such as 0644".formatted(what, mode));
    }
  }

  /** The mode as a number. */
  public static int modeBits(String mode) {
    return Integer.parseInt(mode, 8);
  }
}
