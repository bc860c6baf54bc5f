package io.berth.image.content;

import java.io.IOException;
import java.io.InputStream;

/**
 * One blob being written. Holds the blob's lock until closed. The bytes a previous, interrupted
 * download left behind are kept, so the caller can resume with a Range request from {@link
 * #resumeOffset()}.
 */
public interface Ingest extends AutoCloseable {

  /** True when the blob was committed by someone else while this ingest waited for its lock. */
  boolean alreadyPresent();

  /** Bytes already on disk from an earlier attempt; ask the registry for the rest. */
  long resumeOffset();

  /**
   * The whole blob as a stream: the bytes kept from before (when {@code remoteOffset} equals {@link
   * #resumeOffset()}) followed by {@code remote}, which is written to disk and digested as it is
   * read. When the registry did not honour the range ({@code remoteOffset} is 0) the kept bytes are
   * dropped.
   */
  InputStream stream(long remoteOffset, InputStream remote) throws IOException;

  /** Bytes seen so far through {@link #stream}. */
  long bytesRead();

  /**
   * Checks digest and size, syncs the file, moves it into place read-only. Throws {@link
   * BlobMismatchException} (and deletes the partial file) when the content is not the blob.
   */
  void commit() throws IOException;

  /** Deletes what was written: the content is bad, do not resume from it. */
  void discard() throws IOException;

  /** Releases the lock; an uncommitted, undiscarded download stays for resuming. */
  @Override
  void close() throws IOException;
}
