package io.berth.agent;

import io.berth.testing.Command;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A read-only overlay mount of an image's snapshots, to look at the root filesystem a container
 * would see. Tests only; the runtime mounts its own.
 */
final class Overlay implements AutoCloseable {
  private final Path mountPoint;

  private Overlay(Path mountPoint) {
    this.mountPoint = mountPoint;
  }

  /** Mounts {@code layers} (bottom first) at {@code mountPoint}. */
  static Overlay mount(List<Path> layers, Path mountPoint) throws Exception {
    Files.createDirectories(mountPoint);
    List<Path> top = new ArrayList<>(layers.reversed());
    if (top.size() == 1) {
      // overlayfs wants two lower directories when there is no upper one
      Path empty = mountPoint.resolveSibling(mountPoint.getFileName() + ".empty");
      Files.createDirectories(empty);
      top.add(empty);
    }
    String lower = top.stream().map(Path::toString).collect(Collectors.joining(":"));
    Command.of(
            "mount",
            "-t",
            "overlay",
            "overlay",
            "-o",
            "ro,lowerdir=" + lower,
            mountPoint.toString())
        .run();
    return new Overlay(mountPoint);
  }

  Path path() {
    return mountPoint;
  }

  @Override
  public void close() {
    Command.of("umount", mountPoint.toString()).run();
  }
}
