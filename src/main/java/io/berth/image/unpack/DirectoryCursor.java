package io.berth.image.unpack;

import io.berth.os.Errno;
import io.berth.os.ErrnoException;
import io.berth.os.Fcntl;
import io.berth.os.FileDescriptors;
import io.berth.os.FileNodes;
import io.berth.os.FileStatus;
import io.berth.os.Inodes;
import java.io.IOException;
import java.util.Arrays;

/**
 * Opens directories below a root one component at a time, each relative to the one above it with
 * {@code O_NOFOLLOW}, so that no symbolic link is ever crossed and no path can lead outside the
 * root: the kernel, not string checks, keeps entries inside.
 *
 * <p>It keeps the directories of the last path open, because a tar lists a directory's entries
 * together: most entries need no open at all, only their parent's cached descriptor.
 */
final class DirectoryCursor implements AutoCloseable {
  private static final int OPEN_FLAGS =
      Fcntl.O_RDONLY | Fcntl.O_DIRECTORY | Fcntl.O_NOFOLLOW | Fcntl.O_CLOEXEC;

  private final int rootFd;
  private String[] names = new String[32];
  private int[] fds = new int[32];
  private int depth;

  /** {@code rootFd} stays owned by the caller. */
  DirectoryCursor(int rootFd) {
    this.rootFd = rootFd;
  }

  /**
   * A descriptor of the directory at the clean relative {@code path}, valid until the next call.
   * Missing directories are created (mode 0755, as containerd does) when {@code create} is set;
   * otherwise a missing one gives -1. A component that is a symbolic link or not a directory is
   * refused, naming {@code entry}.
   */
  int open(String path, boolean create, String entry) throws IOException {
    int level = 0;
    int start = 0;
    int length = path.length();
    // keep the open prefix this path shares with the previous one
    while (start < length && level < depth) {
      int slash = path.indexOf('/', start);
      int stop = slash < 0 ? length : slash;
      String name = names[level];
      if (name.length() != stop - start || !path.startsWith(name, start)) {
        break;
      }
      level++;
      start = stop + 1;
    }
    truncate(level);
    while (start < length) {
      int slash = path.indexOf('/', start);
      int stop = slash < 0 ? length : slash;
      String name = path.substring(start, stop);
      int fd = openChild(current(), name, create, path.substring(0, stop), entry);
      if (fd < 0) {
        return -1;
      }
      push(name, fd);
      start = stop + 1;
    }
    return current();
  }

  /** Forgets cached directories at or below {@code path}, which was just removed. */
  void forget(String path) throws ErrnoException {
    int level = 0;
    int start = 0;
    while (level < depth) {
      String name = names[level];
      if (!path.startsWith(name, start)) {
        return;
      }
      int stop = start + name.length();
      if (stop == path.length()) {
        truncate(level);
        return;
      }
      if (path.charAt(stop) != '/') {
        return;
      }
      level++;
      start = stop + 1;
    }
  }

  private int openChild(int parentFd, String name, boolean create, String path, String entry)
      throws IOException {
    try {
      return FileDescriptors.openAt(parentFd, name, OPEN_FLAGS, 0);
    } catch (ErrnoException e) {
      if (e.errno() == Errno.ENOENT) {
        if (!create) {
          return -1;
        }
        FileNodes.makeDirectory(parentFd, name, 0755);
        return FileDescriptors.openAt(parentFd, name, OPEN_FLAGS, 0);
      }
      if (e.errno() == Errno.ELOOP || e.errno() == Errno.ENOTDIR) {
        FileStatus status = Inodes.status(parentFd, name, Fcntl.AT_SYMLINK_NOFOLLOW);
        throw new LayerRejectedException(
            entry,
            status.isSymbolicLink()
                ? "its path crosses the symbolic link '%s'; entries are never written through symbolic links"
                    .formatted(path)
                : "its parent '%s' is not a directory".formatted(path));
      }
      throw e;
    }
  }

  private int current() {
    return depth == 0 ? rootFd : fds[depth - 1];
  }

  private void push(String name, int fd) {
    if (depth == fds.length) {
      fds = Arrays.copyOf(fds, depth * 2);
      names = Arrays.copyOf(names, depth * 2);
    }
    names[depth] = name;
    fds[depth] = fd;
    depth++;
  }

  private void truncate(int level) throws ErrnoException {
    while (depth > level) {
      depth--;
      names[depth] = null;
      FileDescriptors.close(fds[depth]);
    }
  }

  @Override
  public void close() throws ErrnoException {
    truncate(0);
  }
}
