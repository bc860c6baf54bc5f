package io.berth.kv;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import javax.crypto.spec.SecretKeySpec;

/**
 * The 256-bit AES key that encrypts secret values, in a file of its own: one line of base64, mode
 * 0600, in a directory only its owner can enter. Every host that shares an etcd cluster must have
 * the same file (copy it, as any cluster secret); a host with another key cannot read the secrets
 * and says so. The key is read when the first secret is, and never appears in a message.
 */
public final class SecretKeyFile {
  static final int KEY_BYTES = 32;
  private static final Set<PosixFilePermission> OPEN_TO_OTHERS =
      Set.of(
          PosixFilePermission.GROUP_READ,
          PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.GROUP_EXECUTE,
          PosixFilePermission.OTHERS_READ,
          PosixFilePermission.OTHERS_WRITE,
          PosixFilePermission.OTHERS_EXECUTE);

  private final Path path;
  private final boolean create;
  private SecretBox box;

  private SecretKeyFile(Path path, boolean create) {
    this.path = path.toAbsolutePath();
    this.create = create;
  }

  /**
   * The key in {@code path}, made on first use when the file does not exist (its directory is made
   * with mode 0700 when missing, and must be closed to group and others when present). For the
   * embedded store, whose secrets stay on this host.
   */
  public static SecretKeyFile createOnFirstUse(Path path) {
    return new SecretKeyFile(path, true);
  }

  /**
   * The key in {@code path}, which must exist: for an etcd cluster, whose hosts share one key (make
   * it once with {@link #generate}, then copy it to each host).
   */
  public static SecretKeyFile existing(Path path) {
    return new SecretKeyFile(path, false);
  }

  /** Makes a new key file at {@code path}; fails if one is there. */
  public static void generate(Path path) throws ConfigException {
    Path file = path.toAbsolutePath();
    prepareDirectory(file);
    byte[] key = new byte[KEY_BYTES];
    new SecureRandom().nextBytes(key);
    byte[] line = (Base64.getEncoder().encodeToString(key) + "\n").getBytes(StandardCharsets.UTF_8);
    Path temporary = null;
    try {
      temporary =
          Files.createTempFile(
              file.getParent(),
              ".key-",
              ".tmp",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.write(temporary, line);
      // a hard link appears whole and fails if the name is taken: two processes making the key
      // at once end up with the same one
      Files.createLink(file, temporary);
    } catch (FileAlreadyExistsException e) {
      throw new ConfigException("secret key file %s exists already".formatted(file), e);
    } catch (IOException e) {
      throw new ConfigException(
          "cannot write the secret key file %s: %s".formatted(file, e.getMessage()), e);
    } finally {
      if (temporary != null) {
        try {
          Files.deleteIfExists(temporary);
        } catch (IOException ignored) {
          // a leftover temporary file holds a key nobody uses
        }
      }
    }
  }

  public Path path() {
    return path;
  }

  /** The cipher, reading (or first making) the key file. */
  synchronized SecretBox box() throws ConfigException {
    if (box == null) {
      box = new SecretBox(read(), path);
    }
    return box;
  }

  private SecretKeySpec read() throws ConfigException {
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      if (!create) {
        throw new ConfigException(
            ("secret key file %s does not exist: every host of the cluster needs the same one"
                    + " (make it once, then copy it with mode 0600)")
                .formatted(path),
            e);
      }
      try {
        generate(path);
      } catch (ConfigException made) {
        if (!(made.getCause() instanceof FileAlreadyExistsException)) {
          throw made;
        }
      }
      return read();
    } catch (IOException e) {
      throw new ConfigException(
          "cannot read the secret key file %s: %s".formatted(path, e.getMessage()), e);
    }
    checkPrivate(path, "secret key file", "chmod 600");
    byte[] key;
    try {
      key = Base64.getDecoder().decode(text.strip());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          "secret key file %s does not hold base64: expected one line of %d base64 bytes"
              .formatted(path, KEY_BYTES));
    }
    if (key.length != KEY_BYTES) {
      throw new ConfigException(
          "secret key file %s holds a key of %d bytes; expected %d (AES-256)"
              .formatted(path, key.length, KEY_BYTES));
    }
    return new SecretKeySpec(key, "AES");
  }

  private static void prepareDirectory(Path file) throws ConfigException {
    Path directory = file.getParent();
    try {
      if (!Files.isDirectory(directory)) {
        Files.createDirectories(
            directory,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      }
    } catch (IOException e) {
      throw new ConfigException(
          "cannot make the directory %s of the secret key file: %s"
              .formatted(directory, e.getMessage()),
          e);
    }
    checkPrivate(directory, "the secret key file's directory", "chmod 700");
  }

  private static void checkPrivate(Path path, String what, String fix) throws ConfigException {
    Set<PosixFilePermission> permissions;
    try {
      permissions = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      throw new ConfigException(
          "cannot read the mode of %s %s: %s".formatted(what, path, e.getMessage()), e);
    }
    for (PosixFilePermission permission : permissions) {
      if (OPEN_TO_OTHERS.contains(permission)) {
        throw new ConfigException(
            "%s %s is open to group or others (%s); it must be private: %s %s"
                .formatted(what, path, PosixFilePermissions.toString(permissions), fix, path));
      }
    }
  }

  @Override
  public String toString() {
    return "SecretKeyFile[" + path + "]";
  }
}
