package io.berth.image.registry;

import io.berth.image.oci.Descriptor;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * A blob's bytes as they arrive, from {@link #start()} to the end. The caller verifies the digest
 * over the whole blob (berth cannot, when the stream starts in the middle) and closes the stream.
 *
 * @param blob what is being fetched
 * @param requestedOffset where the caller asked the stream to start
 * @param start where the stream does start: {@code requestedOffset} when the registry honoured the
 *     range, 0 when it sent the whole blob and the caller must start over
 * @param body the bytes; reading past {@code blob.size()} fails, as does ending early
 */
public record BlobStream(Descriptor blob, long requestedOffset, long start, InputStream body)
    implements Closeable {

  public BlobStream {
    if (blob == null || body == null) {
      throw new IllegalArgumentException("a blob stream needs a descriptor and a body");
    }
    if (start != 0 && start != requestedOffset) {
      throw new IllegalArgumentException("a blob stream starts at 0 or where it was asked to");
    }
  }

  /** True when the body starts at the requested offset; false when it starts at 0. */
  public boolean rangeHonoured() {
    return start == requestedOffset;
  }

  /** The bytes the body holds. */
  public long remaining() {
    return blob.size() - start;
  }

  @Override
  public void close() throws IOException {
    body.close();
  }
}
