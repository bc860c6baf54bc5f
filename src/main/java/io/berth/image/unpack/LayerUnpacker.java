package io.berth.image.unpack;

import io.berth.os.FileDescriptors;
import io.berth.os.FileNodes;
import io.berth.os.Inodes;
import io.berth.os.Sha256;
import io.berth.os.Xattrs;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.nio.file.Path;
import java.util.List;

/**
 * Unpacks one OCI layer into a snapshot directory in a single streaming pass: decompress, digest
 * and extract while reading. Whiteouts become overlayfs whiteouts and opaque directories, so the
 * snapshot can serve as an overlayfs lower directory as it is.
 *
 * <p>A hostile layer is refused with a {@link LayerRejectedException} naming the entry and the
 * rule, and nothing is ever written outside {@code target}. Implementations are not thread-safe per
 * call but may be shared: each call keeps its state to itself.
 */
public interface LayerUnpacker {
  static LayerUnpacker create(UnpackPolicy policy) {
    return new StreamingLayerUnpacker(policy);
  }

  /**
   * Links, now, the native calls that unpacking and digesting make (libc's file calls, libcrypto's
   * SHA-256). The JVM generates code for each binding the first time, and the layers of a process's
   * first pull waited for all of it at their start; done on another thread while the pull fetches
   * the manifest and config, cold pulls of the bench image were ~0.13 s faster (two interleaved
   * runs of 8 rounds). Optional, and harmless to repeat: a binding that cannot be made fails where
   * it is used, as it would have.
   */
  static void prepare() {
    MethodHandles.Lookup lookup = MethodHandles.lookup();
    try {
      Sha256.newDigest();
      for (Class<?> bindings :
          List.of(FileDescriptors.class, FileNodes.class, Inodes.class, Xattrs.class)) {
        lookup.ensureInitialized(bindings);
      }
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      // the layer that needs the binding meets the same failure and reports it
    }
  }

  /**
   * Unpacks {@code layer} into {@code target}.
   *
   * @param layer the compressed stream as it comes from the registry; read to its very end (also
   *     past the tar's end-of-archive) so that a digest the caller computes around it covers every
   *     byte, and never closed: the caller owns it
   * @param compression what the layer's media type declares ({@link Compression#ofMediaType}); the
   *     first bytes must agree
   * @param target an empty directory the caller owns; on any exception it holds a partial snapshot,
   *     which the caller removes with {@link io.berth.os.FileTrees#delete}
   * @param lowerSnapshots the unpacked directories of the layers below, top first; read only, to
   *     copy up the targets of hard links that point into them
   */
  UnpackResult unpack(
      InputStream layer, Compression compression, Path target, List<Path> lowerSnapshots)
      throws IOException;
}
