package io.berth.image.unpack;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/**
 * Two threads in one pass: a read-ahead decompresses and digests while the calling thread parses
 * the tar and writes the snapshot.
 */
final class StreamingLayerUnpacker implements LayerUnpacker {
  /** Big enough that most files are written with one system call. */
  private static final int BUFFER = 1 << 20;

  /** Chunks in flight between the threads: enough to smooth out bursts of small files. */
  private static final int CHUNKS = 4;

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
    // The lowers are not touched here: reading one may wait for it to be unpacked, and a layer
    // needs its lowers only for a hard link to a file of theirs (opened then, as directories).
    CountingInputStream compressed = new CountingInputStream(layer);
    ByteBudget budget = new ByteBudget(policy.maxUncompressedBytes());
    UncompressedDigest digest = new UncompressedDigest(budget, compressed);
    long entries = 0;
    try (InputStream decompressed = Decompression.open(compressed, compression);
        ReadAhead uncompressed = new ReadAhead(decompressed, digest, BUFFER, CHUNKS);
        Arena arena = Arena.ofConfined();
        SnapshotWriter writer =
            SnapshotWriter.open(target, lowerSnapshots, policy, budget, arena, BUFFER)) {
      TarReader reader = new TarReader(uncompressed, BUFFER);
      for (TarEntry entry = reader.next(); entry != null; entry = reader.next()) {
        writer.apply(entry, reader);
        entries++;
      }
      reader.drain();
      writer.finish();
    }
    return new UnpackResult(digest.diffId(), digest.size(), compressed.count(), entries);
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
