package io.berth.os;

import java.nio.file.Path;
import java.util.List;

/**
 * What an overlay mount stacks: lower directories (read-only, the <em>top</em> one first, as
 * overlayfs orders them), and for a writable mount an upper directory with its work directory (an
 * empty directory on the same filesystem). {@code options} are further overlayfs options, {@code
 * key} or {@code key=value} ({@code index=off}, {@code volatile}).
 */
public record OverlaySpec(List<Path> lowerDirs, Path upperDir, Path workDir, List<String> options) {
  /** overlayfs stacks at most this many lower layers ({@code OVL_MAX_STACK}). */
  public static final int MAX_LOWER_DIRS = 500;

  public OverlaySpec {
    lowerDirs = List.copyOf(lowerDirs);
    options = List.copyOf(options);
    if (lowerDirs.isEmpty() || lowerDirs.size() > MAX_LOWER_DIRS) {
      throw new IllegalArgumentException(
          "an overlay takes 1 to %d lower directories, not %d"
              .formatted(MAX_LOWER_DIRS, lowerDirs.size()));
    }
    for (Path dir : lowerDirs) {
      absolute(dir, "lower directory");
    }
    if ((upperDir == null) != (workDir == null)) {
      throw new IllegalArgumentException("an upper directory needs a work directory, and back");
    }
    if (upperDir != null) {
      absolute(upperDir, "upper directory");
      absolute(workDir, "work directory");
    }
    for (String option : options) {
      if (option.isEmpty() || option.indexOf(',') >= 0 || option.startsWith("=")) {
        throw new IllegalArgumentException("'%s' is not an overlay option".formatted(option));
      }
      String key = option.split("=", 2)[0];
      if (List.of("lowerdir", "lowerdir+", "upperdir", "workdir", "datadir+").contains(key)) {
        throw new IllegalArgumentException(
            "option '%s': give layers as directories, not as options".formatted(option));
      }
    }
  }

  /** A read-only overlay of {@code lowerDirs}, top first. */
  public static OverlaySpec readOnly(List<Path> lowerDirs) {
    return new OverlaySpec(lowerDirs, null, null, List.of());
  }

  /** A writable overlay: changes go to {@code upperDir}; {@code workDir} is overlayfs' scratch. */
  public static OverlaySpec writable(List<Path> lowerDirs, Path upperDir, Path workDir) {
    return new OverlaySpec(lowerDirs, upperDir, workDir, List.of());
  }

  public OverlaySpec withOptions(String... more) {
    return new OverlaySpec(lowerDirs, upperDir, workDir, List.of(more));
  }

  public boolean isWritable() {
    return upperDir != null;
  }

  private static void absolute(Path dir, String what) {
    if (!dir.isAbsolute()) {
      throw new IllegalArgumentException(what + " " + dir + " is not absolute");
    }
  }
}
