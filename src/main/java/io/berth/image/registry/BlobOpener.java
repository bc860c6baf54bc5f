package io.berth.image.registry;

import io.berth.image.oci.Descriptor;
import io.berth.image.registry.RegistryException.Reason;
import io.berth.spec.ImageRef;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GET a blob from an offset, with a Range request when the offset is not 0. A registry (or the
 * storage it redirects to) may ignore the range and send the whole blob: the stream says so. The
 * body may take as long as it needs, but a read that waits longer than {@code idleLimit} fails, so
 * that the caller can resume.
 */
record BlobOpener(ImageRef repo, Descriptor blob, long offset, Duration idleLimit)
    implements RegistryOperation<BlobStream> {
  private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

  @Override
  public ImageRef repository() {
    return repo;
  }

  @Override
  public String method() {
    return "GET";
  }

  @Override
  public String path() {
    return RegistryOperation.path(repo, "blobs", blob.digest().toString());
  }

  @Override
  public Map<String, String> headers() {
    return offset > 0 ? Map.of("Range", "bytes=" + offset + "-") : Map.of();
  }

  @Override
  public String describe() {
    return "blob " + blob.digest() + " of " + repo.name();
  }

  @Override
  public BlobStream onSuccess(Response response) throws IOException {
    long start = 0;
    if (response.status() == 206) {
      String range = response.headers().firstValue("Content-Range").orElse("");
      Matcher m = CONTENT_RANGE.matcher(range.strip());
      if (!m.matches() || Long.parseLong(m.group(1)) != offset) {
        response.close();
        throw new RegistryException(
            Reason.PROTOCOL,
            "%s answered a range request for %s from byte %d with Content-Range '%s'"
                .formatted(repo.registry(), describe(), offset, range));
      }
      start = offset;
    }
    long expected = blob.size() - start;
    OptionalLong length = response.headers().firstValueAsLong("Content-Length");
    if (length.isPresent() && length.getAsLong() != expected) {
      response.close();
      throw new RegistryException(
          Reason.INVALID_CONTENT,
          "%s sent %d bytes for %s from byte %d, but its descriptor says %d; it was not used"
              .formatted(repo.registry(), length.getAsLong(), describe(), start, expected));
    }
    InputStream body =
        new ExactLengthInputStream(
            new StalledReadInputStream(response.body(), idleLimit, describe()),
            expected,
            describe());
    return new BlobStream(blob, offset, start, body);
  }

  @Override
  public RegistryException notFound(ErrorBody body) {
    return blobUnknown(repo, blob, body);
  }

  static RegistryException blobUnknown(ImageRef repo, Descriptor blob, ErrorBody body) {
    return new RegistryException(
        Reason.NOT_FOUND,
        404,
        "blob unknown: %s of %s not found in %s%s"
            .formatted(blob.digest(), repo.name(), repo.registry(), body.suffix()),
        null);
  }
}
