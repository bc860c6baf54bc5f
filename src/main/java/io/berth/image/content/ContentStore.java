package io.berth.image.content;

import io.berth.image.oci.Descriptor;
import io.berth.spec.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Blobs by digest, under {@code blobs/sha256/<hex>}. A blob becomes visible only after its digest
 * and size were checked; until then it lives under {@code ingest/}.
 */
public interface ContentStore {

  static ContentStore open(Path root) throws IOException {
    return FileContentStore.open(root);
  }

  boolean contains(Digest digest);

  /** Where the blob is (or would be) stored. */
  Path path(Digest digest);

  InputStream open(Digest digest) throws IOException;

  /** Reads a small blob whole; fails when it is larger than {@code maxBytes}. */
  byte[] read(Digest digest, int maxBytes) throws IOException;

  /** Stores a blob held in memory (a manifest or config), after checking it against {@code d}. */
  void put(Descriptor descriptor, byte[] content) throws IOException;

  /**
   * Starts writing a blob. Blocks while another writer (in this process or another) holds the same
   * digest, so concurrent pulls of one blob download it once; after that writer finishes, {@link
   * Ingest#alreadyPresent()} tells the caller there is nothing left to fetch.
   */
  Ingest ingest(Descriptor descriptor) throws IOException;

  /** Removes a blob; returns false when it was not there. */
  boolean delete(Digest digest) throws IOException;

  List<Digest> list() throws IOException;

  /** Deletes partial downloads no writer holds; returns the bytes freed. */
  long removeAbandonedIngests() throws IOException;
}
