package io.berth.image.registry;

import io.berth.image.oci.Descriptor;
import io.berth.image.oci.Manifest;
import io.berth.spec.Digest;
import io.berth.spec.ImageRef;
import java.util.Optional;

/**
 * A manifest as a registry served it.
 *
 * @param ref the reference it was fetched by
 * @param digest the digest of the raw bytes, computed by berth (with the algorithm of the pinned
 *     digest, else sha256); when {@code ref} is pinned, equal to its digest
 * @param registryDigest the registry's {@code Docker-Content-Digest}, when it sent one; berth has
 *     checked that it matches the bytes
 * @param manifest the parsed manifest; {@code manifest.raw()} are the bytes as served
 */
public record ManifestResponse(
    ImageRef ref, Digest digest, Optional<Digest> registryDigest, Manifest manifest) {

  public ManifestResponse {
    if (ref == null || digest == null || manifest == null) {
      throw new IllegalArgumentException(
          "a manifest response needs a ref, a digest and a manifest");
    }
    registryDigest = registryDigest == null ? Optional.empty() : registryDigest;
  }

  /** The reference pinned to this manifest's digest. */
  public ImageRef pinned() {
    return ref.withDigest(digest);
  }

  /** A descriptor of this manifest, as an index or a content store would list it. */
  public Descriptor descriptor() {
    return Descriptor.of(manifest.mediaType(), digest, manifest.raw().length);
  }
}
