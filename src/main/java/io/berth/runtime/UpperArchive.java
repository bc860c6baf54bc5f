package io.berth.runtime;

import io.berth.api.Change;
import io.berth.os.Fcntl;
import io.berth.os.FileDescriptors;
import io.berth.os.FileNodes;
import io.berth.os.FileStatus;
import io.berth.os.Inodes;
import io.berth.os.RootedFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * A writable layer's changes as a tar.gz, in the OCI layer format: each added or changed entry as
 * it is in the upper directory, each deletion as an empty {@code .wh.NAME}. The upper directory is
 * the container's to change while this reads it, so every entry is opened beneath it without
 * following any symbolic link ({@code RESOLVE_NO_SYMLINKS}): a link swapped in never leads out.
 */
final class UpperArchive {
  private static final String WHITEOUT = ".wh.";

  private UpperArchive() {}

  static void write(Path upper, List<Change> changes, OutputStream out) throws IOException {
    TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(out));
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    int root =
        Files.isDirectory(upper)
            ? FileDescriptors.open(upper, Fcntl.O_PATH | Fcntl.O_DIRECTORY | Fcntl.O_CLOEXEC)
            : -1;
    try {
      for (Change change : changes) {
        String name = change.path().substring(1);
        if (change.kind().equals("D")) {
          int slash = name.lastIndexOf('/');
          TarArchiveEntry whiteout =
              new TarArchiveEntry(
                  name.substring(0, slash + 1) + WHITEOUT + name.substring(slash + 1));
          whiteout.setSize(0);
          tar.putArchiveEntry(whiteout);
          tar.closeArchiveEntry();
        } else if (root >= 0) {
          add(tar, root, name);
        }
      }
      tar.finish();
    } finally {
      if (root >= 0) {
        FileDescriptors.close(root);
      }
    }
    tar.close();
  }

  private static void add(TarArchiveOutputStream tar, int root, String name) throws IOException {
    int fd;
    try {
      fd =
          RootedFiles.open(
              root,
              name,
              Fcntl.O_PATH | Fcntl.O_NOFOLLOW | Fcntl.O_CLOEXEC,
              RootedFiles.RESOLVE_NO_SYMLINKS);
    } catch (io.berth.os.ErrnoException e) {
      return; // gone since it was listed, or moved behind a link: not a change to show now
    }
    try {
      FileStatus status = Inodes.status(fd);
      TarArchiveEntry entry;
      if (status.isDirectory()) {
        entry = new TarArchiveEntry(name + "/");
      } else if (status.isSymbolicLink()) {
        entry = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
        entry.setLinkName(FileNodes.readSymbolicLink(fd, ""));
      } else if (status.isRegularFile()) {
        entry = new TarArchiveEntry(name);
        entry.setSize(status.size());
      } else {
        return; // devices, FIFOs and sockets made at run time are not content
      }
      entry.setMode(status.mode());
      entry.setUserId(status.uid());
      entry.setGroupId(status.gid());
      entry.setLastModifiedTime(
          FileTime.from(Instant.ofEpochSecond(status.mtimeSeconds(), status.mtimeNanos())));
      tar.putArchiveEntry(entry);
      if (status.isRegularFile()) {
        copy(fd, status.size(), tar);
      }
      tar.closeArchiveEntry();
    } finally {
      FileDescriptors.close(fd);
    }
  }

  /** Exactly {@code size} bytes: what the file holds, zeros when it shrank meanwhile. */
  private static void copy(int fd, long size, OutputStream out) throws IOException {
    // the descriptor's /proc/self/fd link reopens the very inode opened
    try (InputStream in = Files.newInputStream(Path.of("/proc/self/fd/" + fd))) {
      byte[] buffer = new byte[64 * 1024];
      long left = size;
      while (left > 0) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
        if (n < 0) {
          break;
        }
        out.write(buffer, 0, n);
        left -= n;
      }
      java.util.Arrays.fill(buffer, (byte) 0);
      while (left > 0) {
        int n = (int) Math.min(buffer.length, left);
        out.write(buffer, 0, n);
        left -= n;
      }
    }
  }
}
