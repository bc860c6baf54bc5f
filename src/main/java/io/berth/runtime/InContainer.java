package io.berth.runtime;

import io.berth.os.Errno;
import io.berth.os.ErrnoException;
import io.berth.os.Fcntl;
import io.berth.os.FileDescriptors;
import io.berth.os.FileStatus;
import io.berth.os.Inodes;
import io.berth.os.Processes;
import io.berth.os.RootedFiles;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The agent's hands inside a running container, through its init's {@code /proc/PID/root} (the
 * container's own view, its mounts included): every path is resolved with {@code RESOLVE_IN_ROOT},
 * so no symbolic link of the container leads out of it, and trees are walked by descriptor without
 * following links.
 */
final class InContainer {
  private static final int MAX_DEPTH = 64;

  private InContainer() {}

  /**
   * The regular file {@code path}, or the regular files directly in the directory {@code path} by
   * name order; empty when nothing is there. Each file at most {@code maxBytes}.
   */
  static Map<String, byte[]> files(int pid, String path, int maxBytes) throws IOException {
    int root = openRoot(pid);
    try {
      int fd;
      try {
        fd = RootedFiles.open(root, path, Fcntl.O_PATH | Fcntl.O_CLOEXEC, 0);
      } catch (ErrnoException e) {
        if (e.errno() == Errno.ENOENT) {
          return Map.of();
        }
        throw e;
      }
      Map<String, byte[]> files = new LinkedHashMap<>();
      try {
        FileStatus status = Inodes.status(fd);
        Path procRoot = Path.of("/proc/" + pid + "/root");
        if (status.isRegularFile()) {
          files.put(path, RootedFiles.read(procRoot, path, maxBytes));
        } else if (status.isDirectory()) {
          TreeMap<String, byte[]> sorted = new TreeMap<>();
          for (String name : names(fd)) {
            String child = path.endsWith("/") ? path + name : path + "/" + name;
            FileStatus entry = Inodes.status(fd, name, Fcntl.AT_SYMLINK_NOFOLLOW);
            if (entry.isRegularFile()) {
              sorted.put(child, RootedFiles.read(procRoot, child, maxBytes));
            }
          }
          files.putAll(sorted);
        }
      } finally {
        FileDescriptors.close(fd);
      }
      return files;
    } finally {
      FileDescriptors.close(root);
    }
  }

  /** An entry of a directory: its name, its status, and a symbolic link's target. */
  record Listed(String name, FileStatus status, String target) {}

  /**
   * The entries of the directory {@code path} by name, symbolic links not followed.
   *
   * @throws ContainerException {@code NOT_FOUND} when nothing is there, {@code INVALID} when it is
   *     not a directory
   */
  static List<Listed> list(int pid, String path) throws IOException {
    int root = openRoot(pid);
    try {
      int dir = open(root, path, Fcntl.O_RDONLY | Fcntl.O_DIRECTORY | Fcntl.O_CLOEXEC);
      try {
        TreeMap<String, Listed> sorted = new TreeMap<>();
        for (String name : names(dir)) {
          FileStatus status;
          try {
            status = Inodes.status(dir, name, Fcntl.AT_SYMLINK_NOFOLLOW);
          } catch (ErrnoException e) {
            if (e.errno() == Errno.ENOENT) {
              continue; // gone meanwhile
            }
            throw e;
          }
          String target =
              status.isSymbolicLink() ? io.berth.os.FileNodes.readSymbolicLink(dir, name) : null;
          sorted.put(name, new Listed(name, status, target));
        }
        return List.copyOf(sorted.values());
      } finally {
        FileDescriptors.close(dir);
      }
    } finally {
      FileDescriptors.close(root);
    }
  }

  /**
   * The regular file {@code path}, symbolic links followed within the container.
   *
   * @throws ContainerException {@code NOT_FOUND} when nothing is there, {@code INVALID} when it is
   *     not a regular file or has more than {@code maxBytes}
   */
  static byte[] file(int pid, String path, int maxBytes) throws IOException {
    int root = openRoot(pid);
    try {
      int fd = open(root, path, Fcntl.O_PATH | Fcntl.O_CLOEXEC);
      try {
        FileStatus status = Inodes.status(fd);
        if (!status.isRegularFile()) {
          throw new ContainerException(
              ContainerException.Kind.INVALID,
              status.isDirectory()
                  ? "%s is a directory: list it with ?path=%s".formatted(path, path)
                  : "%s is not a regular file".formatted(path));
        }
        if (status.size() > maxBytes) {
          throw new ContainerException(
              ContainerException.Kind.INVALID,
              "%s has %d bytes, more than the %d one request reads; take it with the archive or exec"
                  .formatted(path, status.size(), maxBytes));
        }
      } finally {
        FileDescriptors.close(fd);
      }
      return RootedFiles.read(Path.of("/proc/" + pid + "/root"), path, maxBytes);
    } finally {
      FileDescriptors.close(root);
    }
  }

  /**
   * Refuses a path that is not absolute or that climbs with {@code ..}: resolution stays inside the
   * container anyway, but a request that tries to leave it is told so rather than served something
   * else.
   */
  static String checkPath(String path) throws ContainerException {
    if (path == null || !path.startsWith("/")) {
      throw new ContainerException(
          ContainerException.Kind.INVALID,
          "a path in a container is absolute (starts with /), not '%s'".formatted(path));
    }
    if (path.indexOf('\0') >= 0) {
      throw new ContainerException(ContainerException.Kind.INVALID, "a path holds no NUL byte");
    }
    for (String segment : path.split("/")) {
      if (segment.equals("..")) {
        throw new ContainerException(
            ContainerException.Kind.INVALID,
            "the path %s climbs with '..': paths stay inside the container".formatted(path));
      }
    }
    return path;
  }

  private static int open(int root, String path, int flags) throws IOException {
    try {
      return RootedFiles.open(root, path, flags, 0);
    } catch (ErrnoException e) {
      if (e.errno() == Errno.ENOENT) {
        throw new ContainerException(
            ContainerException.Kind.NOT_FOUND, "no %s in the container".formatted(path));
      }
      if (e.errno() == Errno.ENOTDIR) {
        throw new ContainerException(
            ContainerException.Kind.INVALID,
            "%s is not a directory: read it with /files%s".formatted(path, path));
      }
      throw e;
    }
  }

  /**
   * Sets owner and modes of {@code path} and, when {@code recursive}, of everything below it.
   * Symbolic links are left as they are and never followed. A missing path is no error (a fix for a
   * directory that is made later); returns how many entries were changed.
   */
  static int fixPermissions(
      int pid, String path, int uid, int gid, Integer fileMode, Integer dirMode, boolean recursive)
      throws IOException {
    int root = openRoot(pid);
    try {
      int fd;
      try {
        fd = RootedFiles.open(root, path, Fcntl.O_PATH | Fcntl.O_NOFOLLOW | Fcntl.O_CLOEXEC, 0);
      } catch (ErrnoException e) {
        if (e.errno() == Errno.ENOENT) {
          return 0;
        }
        throw e;
      }
      try {
        return fix(fd, uid, gid, fileMode, dirMode, recursive, 0, path);
      } finally {
        FileDescriptors.close(fd);
      }
    } finally {
      FileDescriptors.close(root);
    }
  }

  /** Fixes the inode {@code fd} (an O_PATH descriptor) and, for a directory, its entries. */
  private static int fix(
      int fd,
      int uid,
      int gid,
      Integer fileMode,
      Integer dirMode,
      boolean recursive,
      int depth,
      String where)
      throws IOException {
    FileStatus status = Inodes.status(fd);
    if (status.type() == FileStatus.S_IFLNK) {
      return 0;
    }
    int changed = 1;
    // through the descriptor's /proc/self/fd link: the very inode opened, whatever its name
    String self = "/proc/self/fd/" + fd;
    if (uid >= 0 || gid >= 0) {
      Inodes.chown(Fcntl.AT_FDCWD, self, uid, gid, 0);
    }
    Integer mode = status.isDirectory() ? dirMode : fileMode;
    if (mode != null) {
      Inodes.chmod(Fcntl.AT_FDCWD, self, mode);
    }
    if (!recursive || !status.isDirectory()) {
      return changed;
    }
    if (depth >= MAX_DEPTH) {
      throw new IOException("%s is nested more than %d deep".formatted(where, MAX_DEPTH));
    }
    int dir =
        FileDescriptors.openAt(fd, ".", Fcntl.O_RDONLY | Fcntl.O_DIRECTORY | Fcntl.O_CLOEXEC, 0);
    try {
      for (String name : names(dir)) {
        int child;
        try {
          child =
              FileDescriptors.openAt(
                  dir, name, Fcntl.O_PATH | Fcntl.O_NOFOLLOW | Fcntl.O_CLOEXEC, 0);
        } catch (ErrnoException e) {
          if (e.errno() == Errno.ENOENT) {
            continue; // gone meanwhile
          }
          throw e;
        }
        try {
          changed += fix(child, uid, gid, fileMode, dirMode, true, depth + 1, where + "/" + name);
        } finally {
          FileDescriptors.close(child);
        }
      }
    } finally {
      FileDescriptors.close(dir);
    }
    return changed;
  }

  private static List<String> names(int dirFd) throws IOException {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> entries =
        Files.newDirectoryStream(Path.of("/proc/self/fd/" + dirFd))) {
      for (Path entry : entries) {
        names.add(entry.getFileName().toString());
      }
    }
    return names;
  }

  /**
   * Writes {@code content} to the file {@code path} of the container whose init is {@code pid}: its
   * directory is found within the container's root (links followed only inside it), the file itself
   * is never a symbolic link; it is created with {@code mode} or truncated.
   */
  static void writeFile(int pid, String path, byte[] content, int mode) throws IOException {
    int slash = path.lastIndexOf('/');
    String directory = slash <= 0 ? "/" : path.substring(0, slash);
    String name = path.substring(slash + 1);
    if (name.isEmpty() || name.equals(".") || name.equals("..")) {
      throw new IOException("not a file name: " + path);
    }
    int root = openRoot(pid);
    try {
      int dir =
          RootedFiles.open(root, directory, Fcntl.O_PATH | Fcntl.O_DIRECTORY | Fcntl.O_CLOEXEC, 0);
      try {
        int fd =
            FileDescriptors.openAt(
                dir,
                name,
                Fcntl.O_WRONLY | Fcntl.O_CREAT | Fcntl.O_TRUNC | Fcntl.O_NOFOLLOW | Fcntl.O_CLOEXEC,
                mode);
        try {
          int written = 0;
          while (written < content.length) {
            written += FileDescriptors.write(fd, content, written, content.length - written);
          }
        } finally {
          FileDescriptors.close(fd);
        }
      } finally {
        FileDescriptors.close(dir);
      }
    } finally {
      FileDescriptors.close(root);
    }
  }

  private static int openRoot(int pid) throws ErrnoException {
    return FileDescriptors.open(
        Path.of("/proc/" + pid + "/root"), Fcntl.O_PATH | Fcntl.O_DIRECTORY | Fcntl.O_CLOEXEC);
  }

  /** The pids in the pid namespace of {@code initPid}, itself left out. */
  static List<Integer> others(int initPid) throws IOException {
    String ns;
    try {
      ns = Files.readSymbolicLink(Path.of("/proc/" + initPid + "/ns/pid")).toString();
    } catch (java.nio.file.NoSuchFileException e) {
      return List.of();
    }
    List<Integer> pids = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(Path.of("/proc"))) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit)) {
          continue;
        }
        int pid = Integer.parseInt(name);
        if (pid == initPid) {
          continue;
        }
        try {
          if (ns.equals(Files.readSymbolicLink(entry.resolve("ns/pid")).toString())) {
            pids.add(pid);
          }
        } catch (IOException e) {
          // gone, or a kernel thread without namespaces
        }
      }
    }
    return pids;
  }

  /** Signals every process of the container but its init; returns how many were signalled. */
  static int signalOthers(int initPid, int signal) throws IOException {
    int count = 0;
    for (int pid : others(initPid)) {
      try {
        Processes.kill(pid, signal);
        count++;
      } catch (ErrnoException e) {
        if (e.errno() != Errno.ESRCH) {
          throw e;
        }
      }
    }
    return count;
  }
}
