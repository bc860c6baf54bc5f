package io.berth.runtime;

import io.berth.image.unpack.Compression;
import io.berth.image.unpack.LayerRejectedException;
import io.berth.image.unpack.LayerUnpacker;
import io.berth.image.unpack.UnpackPolicy;
import io.berth.os.Fcntl;
import io.berth.os.FileDescriptors;
import io.berth.os.Inodes;
import io.berth.os.Xattrs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The files a container is created with (a script, a data archive), unpacked into its empty upper
 * directory with an image layer's containment. A directory the image has already keeps the image's
 * owner and mode, as {@code tar --no-overwrite-dir} does: a data archive for {@code /tmp/in} must
 * not turn the image's {@code /tmp} (1777) into the 0755 its tar entry says.
 */
final class SeedLayer {
  private static final String OPAQUE = "trusted.overlay.opaque";

  private SeedLayer() {}

  static void unpack(Path seed, Path upper, List<Path> layersBottomFirst) throws IOException {
    try (InputStream in = Files.newInputStream(seed)) {
      LayerUnpacker.create(UnpackPolicy.defaults().withMaxUncompressedBytes(Files.size(seed) + 1))
          .unpack(in, Compression.NONE, upper, List.of());
    } catch (LayerRejectedException e) {
      throw new ContainerException(
          ContainerException.Kind.INVALID,
          "the container's files were refused: " + e.getMessage(),
          e);
    }
    List<Path> directories;
    try (Stream<Path> all = Files.walk(upper)) {
      directories =
          all.filter(p -> !p.equals(upper) && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
              .toList();
    }
    for (Path directory : directories) {
      Path image = imageDirectory(upper.relativize(directory), layersBottomFirst);
      if (image != null) {
        keepOwnerAndMode(directory, image);
      }
    }
  }

  /**
   * The directory at {@code relative} as the image's layers show it, from the top: null when the
   * image has none there (no layer has it, a layer above has a file or whiteout in its place, or an
   * opaque directory above hides the layers below).
   */
  static Path imageDirectory(Path relative, List<Path> layersBottomFirst) throws IOException {
    for (int i = layersBottomFirst.size() - 1; i >= 0; i--) {
      Path layer = layersBottomFirst.get(i);
      Path here = layer.resolve(relative);
      if (Files.isDirectory(here, LinkOption.NOFOLLOW_LINKS)) {
        return here;
      }
      if (Files.exists(here, LinkOption.NOFOLLOW_LINKS)) {
        return null; // a file, a link or a whiteout (a 0/0 device) in its place
      }
      for (Path above = relative.getParent(); above != null; above = above.getParent()) {
        Path ancestor = layer.resolve(above);
        if (Files.isDirectory(ancestor, LinkOption.NOFOLLOW_LINKS)
            && Xattrs.get(ancestor, OPAQUE).isPresent()) {
          return null; // this layer's directory hides what the layers below have under it
        }
      }
    }
    return null;
  }

  private static void keepOwnerAndMode(Path directory, Path image) throws IOException {
    int uid = (Integer) Files.getAttribute(image, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    int gid = (Integer) Files.getAttribute(image, "unix:gid", LinkOption.NOFOLLOW_LINKS);
    int mode = (Integer) Files.getAttribute(image, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    int fd =
        FileDescriptors.open(
            directory, Fcntl.O_RDONLY | Fcntl.O_DIRECTORY | Fcntl.O_NOFOLLOW | Fcntl.O_CLOEXEC);
    try {
      Inodes.chown(fd, uid, gid); // first: a chown clears setgid, which the chmod sets again
      Inodes.chmod(fd, mode & 07777);
    } finally {
      FileDescriptors.close(fd);
    }
  }
}
