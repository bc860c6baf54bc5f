package io.berth.image.unpack;

import io.berth.os.Errno;
import io.berth.os.ErrnoException;
import io.berth.os.Fcntl;
import io.berth.os.FileDescriptors;
import io.berth.os.FileStatus;
import io.berth.os.Inodes;
import io.berth.os.Xattrs;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds the file a hard link entry points at, as the merged overlay would show it: first in the
 * layer being unpacked, then in the snapshots below, top first, honouring whiteouts and opaque
 * directories on the way. Every component is opened with {@code O_NOFOLLOW}; a path through a
 * symbolic link is refused, in any layer.
 */
final class LinkSources implements AutoCloseable {
  private static final int OPEN_FLAGS =
      Fcntl.O_RDONLY | Fcntl.O_DIRECTORY | Fcntl.O_NOFOLLOW | Fcntl.O_CLOEXEC;
  private static final String OPAQUE = "trusted.overlay.opaque";

  /** Where a link source was found; {@code layer} 0 is the layer being unpacked. */
  record Found(int layer, int parentFd, String name, FileStatus status) implements AutoCloseable {
    @Override
    public void close() throws ErrnoException {
      FileDescriptors.close(parentFd);
    }
  }

  private final List<Path> lowers;
  private final int[] rootFds;

  /**
   * {@code lowers}: the snapshots below the layer being unpacked, top first. Read only when a hard
   * link's target is not in this layer: a lower that is still being unpacked (layers unpack in
   * parallel) may make {@link List#get} wait for it, and the list is never copied.
   */
  LinkSources(List<Path> lowers, int targetFd) {
    this.lowers = lowers;
    this.rootFds = new int[1 + lowers.size()];
    Arrays.fill(rootFds, -1);
    rootFds[0] = targetFd;
  }

  /** The source of a hard link, or null when no layer shows a file at {@code path}. */
  Found find(String path, String entry) throws IOException {
    List<String> parents = new ArrayList<>(Arrays.asList(path.split("/")));
    String name = parents.removeLast();
    for (int layer = 0; layer < rootFds.length; layer++) {
      int dir = duplicate(root(layer));
      boolean opaque = isOpaque(dir);
      boolean present = true;
      try {
        for (String component : parents) {
          int child = openChild(dir, component, path, entry);
          if (child == HIDDEN) {
            return null;
          }
          if (child == ABSENT) {
            present = false;
            break;
          }
          FileDescriptors.close(dir);
          dir = child;
          opaque |= isOpaque(dir);
        }
        if (present) {
          FileStatus status = statusOrNull(dir, name);
          if (status != null) {
            if (status.isWhiteout()) {
              return null;
            }
            if (status.isDirectory()) {
              throw new LayerRejectedException(
                  entry, "the hard link target '%s' is a directory".formatted(path));
            }
            Found found = new Found(layer, dir, name, status);
            dir = -1;
            return found;
          }
        }
      } finally {
        if (dir >= 0) {
          FileDescriptors.close(dir);
        }
      }
      if (opaque) {
        return null; // an opaque directory of this layer hides the layers below
      }
    }
    return null;
  }

  private static final int ABSENT = -1;
  private static final int HIDDEN = -2;

  private static int openChild(int dir, String name, String path, String entry) throws IOException {
    try {
      return FileDescriptors.openAt(dir, name, OPEN_FLAGS, 0);
    } catch (ErrnoException e) {
      if (e.errno() == Errno.ENOENT) {
        return ABSENT;
      }
      if (e.errno() != Errno.ELOOP && e.errno() != Errno.ENOTDIR) {
        throw e;
      }
    }
    FileStatus status = Inodes.status(dir, name, Fcntl.AT_SYMLINK_NOFOLLOW);
    if (status.isWhiteout()) {
      return HIDDEN;
    }
    throw new LayerRejectedException(
        entry,
        "the hard link target '%s' lies below '%s', which is %s"
            .formatted(
                path,
                name,
                status.isSymbolicLink() ? "a symbolic link (never followed)" : "not a directory"));
  }

  private static FileStatus statusOrNull(int dir, String name) throws ErrnoException {
    try {
      return Inodes.status(dir, name, Fcntl.AT_SYMLINK_NOFOLLOW);
    } catch (ErrnoException e) {
      if (e.errno() == Errno.ENOENT) {
        return null;
      }
      throw e;
    }
  }

  private static boolean isOpaque(int dirFd) throws ErrnoException {
    return Xattrs.get(dirFd, OPAQUE).map(v -> v.length == 1 && v[0] == 'y').orElse(false);
  }

  private int root(int layer) throws ErrnoException {
    if (rootFds[layer] < 0) {
      rootFds[layer] = FileDescriptors.open(lowers.get(layer - 1), OPEN_FLAGS);
    }
    return rootFds[layer];
  }

  /** A descriptor of the same directory that the walk may close without losing the root. */
  private static int duplicate(int dirFd) throws ErrnoException {
    return FileDescriptors.openAt(dirFd, ".", OPEN_FLAGS, 0);
  }

  /** Closes the lower roots it opened (the target's stays with its owner). */
  @Override
  public void close() throws ErrnoException {
    for (int i = 1; i < rootFds.length; i++) {
      if (rootFds[i] >= 0) {
        FileDescriptors.close(rootFds[i]);
        rootFds[i] = -1;
      }
    }
  }
}
