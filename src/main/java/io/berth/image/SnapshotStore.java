package io.berth.image;

import io.berth.os.FileTrees;
import io.berth.spec.Digest;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Unpacked layers, each under {@code snapshots/<chainid hex>/fs}, shared by every image that stacks
 * on it. A snapshot is unpacked into {@code snapshots/.tmp-<random>/} and renamed to its ChainID
 * only after its diffID was checked, so a snapshot that exists is complete and verified.
 */
public final class SnapshotStore {
  private static final String TEMP = ".tmp-";
  private static final String TRASH = ".trash-";
  private final Path root;

  SnapshotStore(Path root) throws IOException {
    this.root = root;
    Files.createDirectories(root);
  }

  /** The directory the layer's files are in: an overlay lower directory. */
  public Path fs(Digest chainId) {
    return root.resolve(chainId.hex()).resolve("fs");
  }

  public boolean exists(Digest chainId) {
    return Files.isDirectory(fs(chainId));
  }

  /** A fresh, private directory to unpack into; its {@code fs} child is created. */
  Prepared prepare() throws IOException {
    Path dir = root.resolve(TEMP + UUID.randomUUID());
    Files.createDirectory(dir);
    Path fs = dir.resolve("fs");
    Files.createDirectory(fs);
    return new Prepared(dir, fs);
  }

  /**
   * Makes a prepared snapshot visible under its ChainID. When another pull committed the same
   * snapshot first, the prepared copy is dropped and false returned.
   */
  boolean commit(Prepared prepared, Digest chainId) throws IOException {
    Path target = root.resolve(chainId.hex());
    try {
      Files.move(prepared.directory(), target, StandardCopyOption.ATOMIC_MOVE);
      return true;
    } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
      discard(prepared);
      return false;
    }
  }

  void discard(Prepared prepared) throws IOException {
    FileTrees.delete(prepared.directory());
  }

  /** Removes a snapshot: renamed away first, so a half-deleted one is never seen as present. */
  boolean remove(Digest chainId) throws IOException {
    Path dir = root.resolve(chainId.hex());
    if (!Files.exists(dir)) {
      return false;
    }
    Path trash = root.resolve(TRASH + UUID.randomUUID());
    Files.move(dir, trash, StandardCopyOption.ATOMIC_MOVE);
    FileTrees.delete(trash);
    return true;
  }

  List<Digest> list() throws IOException {
    List<Digest> chains = new ArrayList<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
      for (Path dir : dirs) {
        String name = dir.getFileName().toString();
        if (!name.startsWith(".")) {
          try {
            chains.add(new Digest("sha256", name));
          } catch (IllegalArgumentException e) {
            // not a snapshot: leave what we did not make alone
          }
        }
      }
    }
    return chains;
  }

  /** Deletes half-unpacked and half-deleted snapshots a crash left; returns how many. */
  int removeLeftovers() throws IOException {
    int removed = 0;
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, ".{tmp,trash}-*")) {
      for (Path dir : dirs) {
        FileTrees.delete(dir);
        removed++;
      }
    }
    return removed;
  }

  /** A snapshot being unpacked: {@code fs} is where the layer goes. */
  record Prepared(Path directory, Path fs) {}
}
