package io.berth.image.unpack;

import static io.berth.os.Fcntl.AT_SYMLINK_NOFOLLOW;

import io.berth.os.Errno;
import io.berth.os.ErrnoException;
import io.berth.os.Fcntl;
import io.berth.os.FileDescriptors;
import io.berth.os.FileNodes;
import io.berth.os.FileStatus;
import io.berth.os.FileTrees;
import io.berth.os.Inodes;
import io.berth.os.Xattrs;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Applies tar entries to a snapshot directory, converting whiteouts to overlayfs form and keeping
 * owners, modes, times and extended attributes. Every name is created relative to a directory
 * descriptor from {@link DirectoryCursor}, with {@code O_EXCL}/{@code O_NOFOLLOW} semantics, so
 * nothing is written through a symbolic link or outside the snapshot.
 *
 * <p>A later entry replaces an earlier one of the same name, except that a directory entry over an
 * existing directory only updates its metadata (Docker's and containerd's rule).
 */
final class SnapshotWriter implements AutoCloseable {
  private static final int CREATE_FILE =
      Fcntl.O_WRONLY | Fcntl.O_CREAT | Fcntl.O_EXCL | Fcntl.O_NOFOLLOW | Fcntl.O_CLOEXEC;
  private static final int OPEN_DIRECTORY =
      Fcntl.O_RDONLY | Fcntl.O_DIRECTORY | Fcntl.O_NOFOLLOW | Fcntl.O_CLOEXEC;
  private static final String WHITEOUT = ".wh.";
  private static final String OPAQUE_MARKER = ".wh..wh..opq";
  private static final String AUFS_METADATA = ".wh..wh.";
  private static final byte[] YES = {'y'};
  private static final int MERGED = -2;

  private final Path target;
  private final int rootFd;
  private final DirectoryCursor cursor;
  private final LinkSources linkSources;
  private final UnpackPolicy policy;
  private final ByteBudget budget;
  private final MemorySegment chunk;
  private final TarReader.ContentSink sink = this::writeChunk;

  /** Directory mtimes, set last: writing a directory's children changes its mtime. */
  private final TreeMap<String, long[]> directoryTimes = new TreeMap<>();

  private int fileFd = -1;

  private SnapshotWriter(
      Path target,
      int rootFd,
      List<Path> lowerSnapshots,
      UnpackPolicy policy,
      ByteBudget budget,
      MemorySegment chunk) {
    this.target = target;
    this.rootFd = rootFd;
    this.cursor = new DirectoryCursor(rootFd);
    this.linkSources = new LinkSources(lowerSnapshots, rootFd);
    this.policy = policy;
    this.budget = budget;
    this.chunk = chunk;
  }

  /** {@code arena} holds the native buffer through which file content reaches the kernel. */
  static SnapshotWriter open(
      Path target,
      List<Path> lowerSnapshots,
      UnpackPolicy policy,
      ByteBudget budget,
      Arena arena,
      int chunkSize)
      throws ErrnoException {
    int rootFd = FileDescriptors.open(target, OPEN_DIRECTORY);
    return new SnapshotWriter(
        target, rootFd, lowerSnapshots, policy, budget, arena.allocate(chunkSize, 4096));
  }

  void apply(TarEntry entry, TarReader reader) throws IOException {
    String path = EntryPath.clean(entry.name(), entry.name(), "name");
    for (Map.Entry<String, byte[]> xattr : entry.xattrs().entrySet()) {
      XattrRules.check(entry.name(), xattr.getKey(), xattr.getValue());
    }
    try {
      if (path.isEmpty()) {
        applyRoot(entry);
        return;
      }
      String parent = EntryPath.parent(path);
      String name = EntryPath.fileName(path);
      if (name.startsWith(WHITEOUT)) {
        whiteout(entry, parent, name);
        return;
      }
      int dirFd = cursor.open(parent, true, entry.name());
      switch (entry.type()) {
        case REGULAR -> regularFile(entry, reader, dirFd, name, path);
        case DIRECTORY -> directory(entry, dirFd, name, path);
        case SYMBOLIC_LINK -> symbolicLink(entry, dirFd, name, path);
        case HARD_LINK -> hardLink(entry, dirFd, name, path);
        case CHARACTER_DEVICE, BLOCK_DEVICE, FIFO -> node(entry, dirFd, name, path);
      }
    } catch (ErrnoException e) {
      throw new IOException(
          "cannot unpack layer entry '%s' into %s: %s"
              .formatted(entry.name(), target, e.getMessage()),
          e);
    }
  }

  /** Sets the directory mtimes, now that no entry will change them. */
  void finish() throws IOException {
    for (Map.Entry<String, long[]> directory : directoryTimes.entrySet()) {
      String path = directory.getKey();
      long[] time = directory.getValue();
      if (path.isEmpty()) {
        Inodes.setTimes(rootFd, time[0], (int) time[1], time[0], (int) time[1]);
        continue;
      }
      int dirFd = cursor.open(EntryPath.parent(path), false, path);
      if (dirFd < 0) {
        throw new IllegalStateException("directory " + path + " vanished while unpacking");
      }
      Inodes.setTimes(
          dirFd,
          EntryPath.fileName(path),
          time[0],
          (int) time[1],
          time[0],
          (int) time[1],
          AT_SYMLINK_NOFOLLOW);
    }
  }

  private void regularFile(TarEntry entry, TarReader reader, int dirFd, String name, String path)
      throws IOException {
    int fd =
        create(
            dirFd, name, path, false, () -> FileDescriptors.openAt(dirFd, name, CREATE_FILE, 0600));
    try {
      fileFd = fd;
      reader.transferContent(sink);
      finishOpenFile(fd, entry.uid(), entry.gid(), entry.mode(), entry.xattrs(), entry);
    } finally {
      fileFd = -1;
      FileDescriptors.close(fd);
    }
  }

  private void writeChunk(byte[] buffer, int offset, int length) throws ErrnoException {
    MemorySegment.copy(buffer, offset, chunk, ValueLayout.JAVA_BYTE, 0, length);
    FileDescriptors.writeFully(fileFd, chunk, length);
  }

  /** Owner first (chown clears setuid and capabilities), then mode, xattrs, times. */
  private static void finishOpenFile(
      int fd, int uid, int gid, int mode, Map<String, byte[]> xattrs, TarEntry times)
      throws ErrnoException {
    Inodes.chown(fd, uid, gid);
    Inodes.chmod(fd, mode);
    for (Map.Entry<String, byte[]> xattr : xattrs.entrySet()) {
      Xattrs.set(fd, xattr.getKey(), xattr.getValue());
    }
    Inodes.setTimes(
        fd, times.mtimeSeconds(), times.mtimeNanos(), times.mtimeSeconds(), times.mtimeNanos());
  }

  private void directory(TarEntry entry, int dirFd, String name, String path) throws IOException {
    create(
        dirFd,
        name,
        path,
        true,
        () -> {
          FileNodes.makeDirectory(dirFd, name, 0700);
          return 0;
        });
    Inodes.chown(dirFd, name, entry.uid(), entry.gid(), AT_SYMLINK_NOFOLLOW);
    Inodes.chmod(dirFd, name, entry.mode());
    setXattrs(dirFd, name, entry.xattrs());
    directoryTimes.put(path, new long[] {entry.mtimeSeconds(), entry.mtimeNanos()});
  }

  private void applyRoot(TarEntry entry) throws IOException {
    if (entry.type() != EntryType.DIRECTORY) {
      throw new LayerRejectedException(
          entry.name(), "it names the layer root, which can only be a directory");
    }
    Inodes.chown(rootFd, entry.uid(), entry.gid());
    Inodes.chmod(rootFd, entry.mode());
    for (Map.Entry<String, byte[]> xattr : entry.xattrs().entrySet()) {
      Xattrs.set(rootFd, xattr.getKey(), xattr.getValue());
    }
    directoryTimes.put("", new long[] {entry.mtimeSeconds(), entry.mtimeNanos()});
  }

  private void symbolicLink(TarEntry entry, int dirFd, String name, String path)
      throws IOException {
    String linkTarget = entry.linkName();
    if (linkTarget.isEmpty()
        || linkTarget.indexOf('\0') >= 0
        || linkTarget.getBytes(StandardCharsets.UTF_8).length >= EntryPath.PATH_MAX) {
      throw new LayerRejectedException(
          entry.name(),
          "a symbolic link's target must be 1 to %d bytes without NUL"
              .formatted(EntryPath.PATH_MAX - 1));
    }
    create(
        dirFd,
        name,
        path,
        false,
        () -> {
          FileNodes.makeSymbolicLink(linkTarget, dirFd, name);
          return 0;
        });
    finishNode(entry, dirFd, name, false);
  }

  private void node(TarEntry entry, int dirFd, String name, String path) throws IOException {
    int type =
        switch (entry.type()) {
          case CHARACTER_DEVICE -> FileStatus.S_IFCHR;
          case BLOCK_DEVICE -> FileStatus.S_IFBLK;
          default -> FileStatus.S_IFIFO;
        };
    if (type != FileStatus.S_IFIFO && !policy.allowDeviceNodes()) {
      throw new LayerRejectedException(
          entry.name(),
          "it is a %s device (%d:%d) and the unpack policy forbids device nodes"
              .formatted(
                  type == FileStatus.S_IFCHR ? "character" : "block",
                  entry.devMajor(),
                  entry.devMinor()));
    }
    create(
        dirFd,
        name,
        path,
        false,
        () -> {
          FileNodes.makeNode(dirFd, name, type | 0600, entry.devMajor(), entry.devMinor());
          return 0;
        });
    finishNode(entry, dirFd, name, true);
  }

  /** Metadata of an inode that is not opened (links, devices, fifos): by name, never followed. */
  private void finishNode(TarEntry entry, int dirFd, String name, boolean hasMode)
      throws ErrnoException {
    Inodes.chown(dirFd, name, entry.uid(), entry.gid(), AT_SYMLINK_NOFOLLOW);
    if (hasMode) {
      Inodes.chmod(dirFd, name, entry.mode());
    }
    setXattrs(dirFd, name, entry.xattrs());
    Inodes.setTimes(
        dirFd,
        name,
        entry.mtimeSeconds(),
        entry.mtimeNanos(),
        entry.mtimeSeconds(),
        entry.mtimeNanos(),
        AT_SYMLINK_NOFOLLOW);
  }

  private void hardLink(TarEntry entry, int dirFd, String name, String path) throws IOException {
    String source = EntryPath.clean(entry.name(), entry.linkName(), "hard link target");
    if (source.isEmpty() || source.equals(path)) {
      throw new LayerRejectedException(
          entry.name(),
          "a hard link must point at another file, not '%s'".formatted(entry.linkName()));
    }
    try (LinkSources.Found found = linkSources.find(source, entry.name())) {
      if (found == null) {
        throw new LayerRejectedException(
            entry.name(),
            "the hard link target '%s' is in neither this layer nor the layers below"
                .formatted(source));
      }
      if (found.layer() == 0) {
        create(
            dirFd,
            name,
            path,
            false,
            () -> {
              FileNodes.makeHardLink(found.parentFd(), found.name(), dirFd, name);
              return 0;
            });
      } else {
        copyUp(entry, found, dirFd, name, path);
      }
    }
  }

  /**
   * A hard link to a file of a lower layer cannot cross snapshot directories; what the merged view
   * shows is a copy of that file, as overlayfs itself makes on copy-up.
   */
  private void copyUp(TarEntry entry, LinkSources.Found found, int dirFd, String name, String path)
      throws IOException {
    FileStatus status = found.status();
    if (status.isSymbolicLink()) {
      String linkTarget = FileNodes.readSymbolicLink(found.parentFd(), found.name());
      create(
          dirFd,
          name,
          path,
          false,
          () -> {
            FileNodes.makeSymbolicLink(linkTarget, dirFd, name);
            return 0;
          });
      Inodes.chown(dirFd, name, status.uid(), status.gid(), AT_SYMLINK_NOFOLLOW);
      Inodes.setTimes(
          dirFd,
          name,
          status.mtimeSeconds(),
          status.mtimeNanos(),
          status.mtimeSeconds(),
          status.mtimeNanos(),
          AT_SYMLINK_NOFOLLOW);
      return;
    }
    if (!status.isRegularFile()) {
      throw new LayerRejectedException(
          entry.name(),
          "it is a hard link to '%s' of a lower layer, which is neither a regular file nor a symbolic link"
              .formatted(entry.linkName()));
    }
    budget.charge(status.size(), "copying up hard link targets from lower layers, with the layer,");
    int in =
        FileDescriptors.openAt(
            found.parentFd(), found.name(), Fcntl.O_RDONLY | Fcntl.O_NOFOLLOW | Fcntl.O_CLOEXEC, 0);
    try {
      int out =
          create(
              dirFd,
              name,
              path,
              false,
              () -> FileDescriptors.openAt(dirFd, name, CREATE_FILE, 0600));
      try {
        FileDescriptors.copy(in, out, status.size());
        Inodes.chown(out, status.uid(), status.gid());
        Inodes.chmod(out, status.permissions());
        for (String xattr : Xattrs.list(in)) {
          if (XattrRules.allowed(xattr)) {
            byte[] value = Xattrs.get(in, xattr).orElse(null);
            if (value != null) {
              Xattrs.set(out, xattr, value);
            }
          }
        }
        Inodes.setTimes(
            out,
            status.mtimeSeconds(),
            status.mtimeNanos(),
            status.mtimeSeconds(),
            status.mtimeNanos());
      } finally {
        FileDescriptors.close(out);
      }
    } finally {
      FileDescriptors.close(in);
    }
  }

  /**
   * {@code .wh.NAME} becomes a character device 0/0 named NAME, and {@code .wh..wh..opq} the opaque
   * mark on its directory: the forms overlayfs reads (see the kernel's overlayfs.rst).
   */
  private void whiteout(TarEntry entry, String parent, String name) throws IOException {
    if (name.equals(OPAQUE_MARKER)) {
      int dirFd = cursor.open(parent, true, entry.name());
      Xattrs.set(dirFd, "trusted.overlay.opaque", YES);
      return;
    }
    if (name.startsWith(AUFS_METADATA)) {
      return; // aufs bookkeeping (.wh..wh.plnk and the like): nothing to overlayfs
    }
    String hidden = name.substring(WHITEOUT.length());
    if (hidden.isEmpty() || hidden.equals(".") || hidden.equals("..")) {
      throw new LayerRejectedException(
          entry.name(), "a whiteout must name a file, and '%s' does not".formatted(hidden));
    }
    int dirFd = cursor.open(parent, true, entry.name());
    String path = parent.isEmpty() ? hidden : parent + "/" + hidden;
    create(
        dirFd,
        hidden,
        path,
        false,
        () -> {
          FileNodes.makeNode(dirFd, hidden, FileStatus.S_IFCHR, 0, 0);
          return 0;
        });
  }

  private static void setXattrs(int dirFd, String name, Map<String, byte[]> xattrs)
      throws ErrnoException {
    if (xattrs.isEmpty()) {
      return;
    }
    // no setxattrat(2) in this glibc: name the inode through the directory's descriptor
    Path inode = Path.of("/proc/self/fd/" + dirFd, name);
    for (Map.Entry<String, byte[]> xattr : xattrs.entrySet()) {
      Xattrs.set(inode, xattr.getKey(), xattr.getValue());
    }
  }

  /** One creating system call; returns a descriptor or 0. */
  @FunctionalInterface
  private interface Creation {
    int run() throws ErrnoException;
  }

  /**
   * Runs {@code creation}; if the name exists, an existing directory is kept for a directory entry
   * ({@link #MERGED}), and anything else is removed before creating again.
   */
  private int create(int dirFd, String name, String path, boolean directory, Creation creation)
      throws IOException {
    try {
      return creation.run();
    } catch (ErrnoException e) {
      if (e.errno() != Errno.EEXIST) {
        throw e;
      }
    }
    FileStatus existing = Inodes.status(dirFd, name, AT_SYMLINK_NOFOLLOW);
    if (directory && existing.isDirectory()) {
      return MERGED;
    }
    if (existing.isDirectory()) {
      cursor.forget(path);
      directoryTimes.remove(path);
      directoryTimes.subMap(path + "/", path + "0").clear(); // '0' follows '/'
      FileTrees.delete(Path.of("/proc/self/fd/" + dirFd, name));
    } else {
      FileNodes.remove(dirFd, name, 0);
    }
    return creation.run();
  }

  @Override
  public void close() throws IOException {
    try (linkSources;
        cursor) {
      FileDescriptors.close(rootFd);
    }
  }
}
