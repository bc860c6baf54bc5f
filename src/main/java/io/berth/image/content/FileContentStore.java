package io.berth.image.content;

import io.berth.image.oci.Descriptor;
import io.berth.spec.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/** {@link ContentStore} on a directory: {@code blobs/<algorithm>/<hex>} and {@code ingest/}. */
final class FileContentStore implements ContentStore {
  private final Path blobs;
  private final Path ingest;
  private final DigestLocks locks;

  private FileContentStore(Path root) {
    this.blobs = root.resolve("blobs");
    this.ingest = root.resolve("ingest");
    this.locks = new DigestLocks(ingest);
  }

  static FileContentStore open(Path root) throws IOException {
    FileContentStore store = new FileContentStore(root);
    Files.createDirectories(store.blobs.resolve("sha256"));
    Files.createDirectories(store.ingest);
    return store;
  }

  @Override
  public boolean contains(Digest digest) {
    return Files.isRegularFile(path(digest));
  }

  @Override
  public Path path(Digest digest) {
    return blobs.resolve(digest.algorithm()).resolve(digest.hex());
  }

  @Override
  public InputStream open(Digest digest) throws IOException {
    try {
      return Files.newInputStream(path(digest));
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(
          path(digest).toString(), null, "blob " + digest + " is not in the store");
    }
  }

  @Override
  public byte[] read(Digest digest, int maxBytes) throws IOException {
    Path file = path(digest);
    long size;
    try {
      size = Files.size(file);
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(
          file.toString(), null, "blob " + digest + " is not in the store");
    }
    if (size > maxBytes) {
      throw new IOException(
          "blob %s is %d bytes, more than the %d this read allows"
              .formatted(digest, size, maxBytes));
    }
    return Files.readAllBytes(file);
  }

  @Override
  public void put(Descriptor descriptor, byte[] content) throws IOException {
    if (contains(descriptor.digest())) {
      return;
    }
    try (Ingest writer = ingest(descriptor)) {
      if (writer.alreadyPresent()) {
        return;
      }
      try (InputStream in = writer.stream(0, new java.io.ByteArrayInputStream(content))) {
        in.transferTo(java.io.OutputStream.nullOutputStream());
      }
      writer.commit();
    }
  }

  @Override
  public Ingest ingest(Descriptor descriptor) throws IOException {
    DigestLocks.Held held = locks.acquire(descriptor.digest());
    try {
      return new FileIngest(
          descriptor, partialPath(descriptor.digest()), path(descriptor.digest()), held);
    } catch (IOException | RuntimeException e) {
      held.close();
      throw e;
    }
  }

  private Path partialPath(Digest digest) {
    return ingest.resolve(digest.algorithm() + "-" + digest.hex() + ".partial");
  }

  @Override
  public boolean delete(Digest digest) throws IOException {
    return Files.deleteIfExists(path(digest));
  }

  @Override
  public List<Digest> list() throws IOException {
    List<Digest> digests = new ArrayList<>();
    try (DirectoryStream<Path> algorithms = Files.newDirectoryStream(blobs)) {
      for (Path algorithm : algorithms) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(algorithm)) {
          for (Path file : files) {
            try {
              digests.add(
                  new Digest(algorithm.getFileName().toString(), file.getFileName().toString()));
            } catch (IllegalArgumentException e) {
              // not a blob: a stray file someone put here; leave it alone
            }
          }
        }
      }
    }
    return digests;
  }

  @Override
  public long removeAbandonedIngests() throws IOException {
    long freed = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(ingest, "*.partial")) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        String[] parts = name.substring(0, name.length() - ".partial".length()).split("-", 2);
        Digest digest;
        try {
          digest = new Digest(parts[0], parts.length > 1 ? parts[1] : "");
        } catch (IllegalArgumentException e) {
          continue;
        }
        if (locks.isFree(digest)) {
          long size = Files.size(file);
          if (Files.deleteIfExists(file)) {
            freed += size;
          }
        }
      }
    }
    return freed;
  }

  /** Makes a rename durable: the directory entry is synced too. */
  static void syncDirectory(Path directory) throws IOException {
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    }
  }
}
