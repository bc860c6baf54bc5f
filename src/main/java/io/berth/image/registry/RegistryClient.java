package io.berth.image.registry;

import io.berth.image.oci.Descriptor;
import io.berth.image.oci.ImageIndex;
import io.berth.image.oci.ImageManifest;
import io.berth.image.registry.RegistryException.Reason;
import io.berth.spec.Digest;
import io.berth.spec.ImageRef;
import io.berth.spec.Platform;

/**
 * A client of the OCI distribution API, for pulling. Every method authenticates as the registry
 * asks (anonymous, Basic, or Bearer tokens from its token service), retries transient failures and
 * follows redirects; failures are {@link RegistryException}s whose message says what to do. Safe
 * for concurrent use. A {@link BlobStream} holds its connection until it is read to the end or
 * closed; {@link #close()} forgets the hosts' settings, while idle connections are left to the JDK,
 * which closes them within seconds.
 */
public interface RegistryClient extends AutoCloseable {

  static RegistryClient create(RegistryConfig config) {
    return new HttpRegistryClient(config);
  }

  /**
   * The manifest (or index) {@code ref} names, by tag or by digest. Its digest is computed over the
   * bytes as served; when {@code ref} has a digest, the bytes must match it.
   */
  ManifestResponse fetchManifest(ImageRef ref) throws RegistryException;

  /**
   * The digest of the manifest {@code ref} names, from a HEAD request's {@code
   * Docker-Content-Digest}; registries that do not send it are asked with a GET.
   */
  Digest headManifest(ImageRef ref) throws RegistryException;

  /**
   * The blob's bytes from {@code offset} (0 for all of it). When the registry ignores the range the
   * stream starts at 0 and says so ({@link BlobStream#rangeHonoured()}). The caller verifies the
   * digest and closes the stream.
   */
  BlobStream openBlob(ImageRef repo, Descriptor blob, long offset) throws RegistryException;

  /**
   * A small blob (an image config) whole, checked against the descriptor's size and digest. Blobs
   * larger than {@link RegistryConfig#maxSmallBlobBytes()} are refused: stream those.
   */
  byte[] fetchBlob(ImageRef repo, Descriptor blob) throws RegistryException;

  /**
   * The image manifest for {@code platform}: {@code ref}'s manifest, or, when that is an index, the
   * manifest it lists for the platform (fetched by digest).
   */
  default ManifestResponse fetchImageManifest(ImageRef ref, Platform platform)
      throws RegistryException {
    ManifestResponse top = fetchManifest(ref);
    return switch (top.manifest()) {
      case ImageManifest image -> top;
      case ImageIndex index -> {
        Descriptor chosen = PlatformSelector.select(ref, index, platform);
        ManifestResponse image = fetchManifest(ref.withDigest(chosen.digest()));
        if (!(image.manifest() instanceof ImageManifest)) {
          throw new RegistryException(
              Reason.INVALID_CONTENT,
              "%s lists another index (%s) for %s; nested indexes are not supported"
                  .formatted(ref, chosen.digest(), platform));
        }
        yield image;
      }
    };
  }

  @Override
  void close();
}
