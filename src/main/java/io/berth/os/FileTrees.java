package io.berth.os;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Removes whole file trees without ever following a symbolic link, for directories whose content
 * came from somewhere untrusted (an unpacked layer, a container's upper directory).
 *
 * <p>Below the root every step is taken relative to a directory already open ({@link
 * SecureDirectoryStream}, i.e. {@code openat}/{@code unlinkat}), so renaming a directory into a
 * symbolic link while the removal runs cannot redirect it outside the tree.
 */
public final class FileTrees {
  private FileTrees() {}

  /**
   * Deletes {@code root} and everything below it. A symbolic link is removed, never followed; a
   * missing root is not an error (returns false).
   */
  public static boolean delete(Path root) throws IOException {
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(root, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return false;
    }
    if (attributes.isDirectory()) {
      try (DirectoryStream<Path> stream = Files.newDirectoryStream(root)) {
        if (!(stream instanceof SecureDirectoryStream<Path> secure)) {
          throw new IOException(
              "cannot delete %s safely: this platform has no openat-style directory streams"
                  .formatted(root));
        }
        deleteContent(secure);
      }
    }
    Files.delete(root);
    return true;
  }

  private static void deleteContent(SecureDirectoryStream<Path> directory) throws IOException {
    for (Path child : directory) {
      Path name = child.getFileName();
      BasicFileAttributes attributes =
          directory
              .getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
              .readAttributes();
      if (attributes.isDirectory()) {
        try (SecureDirectoryStream<Path> sub =
            directory.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS)) {
          deleteContent(sub);
        }
        directory.deleteDirectory(name);
      } else {
        directory.deleteFile(name);
      }
    }
  }
}
