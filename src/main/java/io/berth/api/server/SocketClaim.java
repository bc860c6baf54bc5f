package io.berth.api.server;

import io.berth.api.ApiException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;

/**
 * The Unix socket path, held by one agent at a time.
 *
 * <p>A lock file beside the socket ({@code berth.sock.lock}, holding the owner's pid) decides who
 * owns the path, so two agents starting at once cannot both remove a stale socket and bind. An
 * existing socket file is removed only when nothing answers on it.
 *
 * <p>The socket is bound in a private directory (0700), made 0600, and only then renamed into
 * place: there is no moment when the path exists with a wider mode.
 */
final class SocketClaim implements AutoCloseable {
  /** sun_path holds 108 bytes with the terminating NUL. */
  static final int MAX_PATH_BYTES = 107;

  private final Path socket;
  private final FileChannel lockFile;
  private final FileLock lock;
  private final Path privateDir;
  private Object published;

  private SocketClaim(Path socket, FileChannel lockFile, FileLock lock, Path privateDir) {
    this.socket = socket;
    this.lockFile = lockFile;
    this.lock = lock;
    this.privateDir = privateDir;
  }

  /** Claims {@code socket}, or refuses with a conflict when another agent serves it. */
  static SocketClaim take(Path socket) throws IOException {
    socket = socket.toAbsolutePath().normalize();
    Path dir = socket.getParent();
    Path bindPath = dir.resolve(".berth.sock.d").resolve("s");
    checkLength(socket);
    checkLength(bindPath);
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(
          dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
    FileChannel lockFile =
        FileChannel.open(
            dir.resolve(socket.getFileName() + ".lock"),
            StandardOpenOption.CREATE,
            StandardOpenOption.READ,
            StandardOpenOption.WRITE);
    try {
      FileLock lock = tryLock(lockFile);
      if (lock == null) {
        throw new ApiException(
            ApiException.Kind.CONFLICT,
            "another berth agent%s serves %s; stop it first, or give this one another state directory"
                .formatted(owner(lockFile), socket));
      }
      lockFile.truncate(0);
      lockFile.write(
          ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)),
          0);
      removeStale(socket);
      return new SocketClaim(socket, lockFile, lock, preparePrivateDir(bindPath.getParent()));
    } catch (IOException | RuntimeException e) {
      lockFile.close();
      throw e;
    }
  }

  /** Where the server binds; {@link #publish()} moves the socket to its real path. */
  Path bindPath() {
    return privateDir.resolve("s");
  }

  Path socket() {
    return socket;
  }

  /** Makes the bound socket 0600 and renames it into place. */
  void publish() throws IOException {
    Files.setPosixFilePermissions(bindPath(), PosixFilePermissions.fromString("rw-------"));
    Files.move(bindPath(), socket, StandardCopyOption.ATOMIC_MOVE);
    published = fileKey(socket);
    Files.deleteIfExists(privateDir);
  }

  /** Removes the socket (when it is still the one this claim published) and releases the lock. */
  @Override
  public void close() throws IOException {
    try {
      if (published != null && Objects.equals(published, fileKey(socket))) {
        Files.deleteIfExists(socket);
      }
      Files.deleteIfExists(bindPath());
      Files.deleteIfExists(privateDir);
    } finally {
      lock.release();
      lockFile.close();
    }
  }

  private static FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException e) {
      return null; // held by this very process: an agent already runs here
    }
  }

  private static String owner(FileChannel lockFile) {
    try {
      ByteBuffer buffer = ByteBuffer.allocate(32);
      lockFile.read(buffer, 0);
      String pid = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).strip();
      return pid.isEmpty() ? "" : " (pid " + pid + ")";
    } catch (IOException e) {
      return "";
    }
  }

  private static void removeStale(Path socket) throws IOException {
    if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    BasicFileAttributes attributes =
        Files.readAttributes(socket, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    if (!attributes.isOther()) {
      throw new ApiException(
          ApiException.Kind.CONFLICT, socket + " exists and is not a socket; move it away first");
    }
    try {
      SocketChannel.open(UnixDomainSocketAddress.of(socket)).close();
    } catch (ConnectException refused) {
      Files.delete(socket); // stale: left by an agent that died
      return;
    }
    throw new ApiException(
        ApiException.Kind.CONFLICT,
        "something already answers on %s (another berth agent?); stop it first, or give this one another state directory"
            .formatted(socket));
  }

  private static Path preparePrivateDir(Path dir) throws IOException {
    if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      Files.deleteIfExists(dir.resolve("s"));
      Files.delete(dir);
    }
    return Files.createDirectory(
        dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
  }

  private static Object fileKey(Path path) {
    try {
      return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
          .fileKey();
    } catch (IOException e) {
      return null;
    }
  }

  private static void checkLength(Path path) {
    int bytes = path.toString().getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_PATH_BYTES) {
      throw ApiException.badRequest(
          "the socket path %s is %d bytes long; a Unix socket path holds at most %d"
              .formatted(path, bytes, MAX_PATH_BYTES));
    }
  }
}
