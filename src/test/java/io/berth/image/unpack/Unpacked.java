package io.berth.image.unpack;

import io.berth.os.FileTrees;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Scratch snapshot directories for a test, each deleted with {@link FileTrees} at the end. */
final class Unpacked implements AutoCloseable {
  final Path root;
  private final List<Path> created = new ArrayList<>();

  Unpacked() throws IOException {
    root = Files.createTempDirectory("berth-unpack-test");
  }

  Path newTarget(String name) throws IOException {
    Path target = Files.createDirectory(root.resolve(name));
    created.add(target);
    return target;
  }

  static UnpackResult unpack(byte[] layer, Compression compression, Path target, Path... lowers)
      throws IOException {
    return unpack(UnpackPolicy.defaults(), layer, compression, target, lowers);
  }

  static UnpackResult unpack(
      UnpackPolicy policy, byte[] layer, Compression compression, Path target, Path... lowers)
      throws IOException {
    return LayerUnpacker.create(policy)
        .unpack(new ByteArrayInputStream(layer), compression, target, List.of(lowers));
  }

  @Override
  public void close() throws IOException {
    FileTrees.delete(root);
  }
}
