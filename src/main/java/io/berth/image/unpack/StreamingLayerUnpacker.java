package io.berth.image.unpack;

import io.berth.spec.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;

/** Decompression, digest and extraction on the calling thread, through one read buffer. */
final class StreamingLayerUnpacker implements LayerUnpacker {
  /** Big enough that most files are written with one system call. */
  private static final int BUFFER = 1 << 20;

  private final UnpackPolicy policy;

  StreamingLayerUnpacker(UnpackPolicy policy) {
    if (policy == null) {
      throw new IllegalArgumentException("an unpacker needs a policy");
    }
    this.policy = policy;
  }

  @Override
  public UnpackResult unpack(
      InputStream layer, Compression compression, Path target, List<Path> lowerSnapshots)
      throws IOException {
    requireEmptyDirectory(target);
    for (Path lower : lowerSnapshots) {
      if (!Files.isDirectory(lower, LinkOption.NOFOLLOW_LINKS)) {
        throw new IOException("lower snapshot %s is not a directory".formatted(lower));
      }
    }
    CountingInputStream compressed = new CountingInputStream(layer);
    MessageDigest sha256 = Digest.newMessageDigest("sha256");
    ByteBudget budget = new ByteBudget(policy.maxUncompressedBytes());
    long entries = 0;
    TarReader reader;
    try (InputStream tar = Decompression.open(compressed, compression);
        Arena arena = Arena.ofConfined();
        SnapshotWriter writer =
            SnapshotWriter.open(target, lowerSnapshots, policy, budget, arena, BUFFER)) {
      reader = new TarReader(tar, sha256, budget, BUFFER);
      for (TarEntry entry = reader.next(); entry != null; entry = reader.next()) {
        writer.apply(entry, reader);
        entries++;
      }
      reader.drain();
      writer.finish();
    }
    // the decompressor may stop before its input does (gzip ignores what follows its last
    // member); the caller's digest of the compressed bytes must still see everything
    compressed.transferTo(OutputStream.nullOutputStream());
    return new UnpackResult(
        Digest.of("sha256", sha256.digest()), reader.total(), compressed.count(), entries);
  }

  private static void requireEmptyDirectory(Path target) throws IOException {
    if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException("unpack target %s is not a directory".formatted(target));
    }
    try (DirectoryStream<Path> content = Files.newDirectoryStream(target)) {
      if (content.iterator().hasNext()) {
        throw new IOException("unpack target %s is not empty".formatted(target));
      }
    }
  }
}
