package io.berth.image.registry;

import io.berth.image.oci.Descriptor;
import io.berth.image.registry.RegistryException.Reason;
import io.berth.spec.Digest;
import io.berth.spec.ImageRef;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/** GET a small blob (a config) whole, and verify its size and digest. */
record BlobPuller(ImageRef repo, Descriptor blob, Duration idleLimit)
    implements RegistryOperation<byte[]> {

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
    return Map.of();
  }

  @Override
  public String describe() {
    return "blob " + blob.digest() + " of " + repo.name();
  }

  @Override
  public byte[] onSuccess(Response response) throws IOException {
    // The size was checked against the cap before asking, so it fits an int.
    byte[] bytes = ResponseBodies.readCapped(response, (int) blob.size(), describe(), idleLimit);
    if (bytes.length != blob.size()) {
      throw new RegistryException(
          Reason.INVALID_CONTENT,
          "%s from %s has %d bytes, but its descriptor says %d; it was not used"
              .formatted(describe(), repo.registry(), bytes.length, blob.size()));
    }
    Digest actual = ManifestDigests.of(blob.digest().algorithm(), bytes);
    if (!actual.equals(blob.digest())) {
      throw new RegistryException(
          Reason.INVALID_CONTENT,
          "%s from %s does not match its digest: its bytes hash to %s; it was not used"
              .formatted(describe(), repo.registry(), actual));
    }
    return bytes;
  }

  @Override
  public RegistryException notFound(ErrorBody body) {
    return BlobOpener.blobUnknown(repo, blob, body);
  }
}
