package io.berth.image.registry;

import io.berth.image.registry.RegistryException.Reason;
import io.berth.spec.Digest;
import io.berth.spec.ImageRef;
import java.util.Optional;

/** Checks a manifest's bytes against the digest it was asked by and the one the registry sent. */
final class ManifestDigests {
  static final String HEADER = "Docker-Content-Digest";

  private ManifestDigests() {}

  /** The registry's digest header, if present and readable. */
  static Optional<Digest> fromHeader(Headers headers, ImageRef ref) throws RegistryException {
    Optional<String> value = headers.firstValue(HEADER).map(String::strip);
    if (value.isEmpty() || value.get().isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Digest.parse(value.get()));
    } catch (IllegalArgumentException e) {
      throw new RegistryException(
          Reason.INVALID_CONTENT,
          "%s sent an unusable %s for manifest %s: %s"
              .formatted(ref.registry(), HEADER, ref, e.getMessage()));
    }
  }

  /**
   * The digest of {@code raw}, after checking it against the pinned digest of {@code ref} and the
   * registry's header.
   */
  static Digest verify(ImageRef ref, byte[] raw, Optional<Digest> header) throws RegistryException {
    Digest computed = of(ref.pinnedDigest().map(Digest::algorithm).orElse("sha256"), raw);
    if (ref.pinnedDigest().isPresent() && !computed.equals(ref.digest())) {
      throw new RegistryException(
          Reason.INVALID_CONTENT,
          "manifest %s from %s does not match its digest: its bytes hash to %s; it was not used"
              .formatted(ref, ref.registry(), computed));
    }
    if (header.isPresent()) {
      Digest sent = header.get();
      Digest check =
          sent.algorithm().equals(computed.algorithm()) ? computed : of(sent.algorithm(), raw);
      if (!check.equals(sent)) {
        throw new RegistryException(
            Reason.INVALID_CONTENT,
            "manifest %s from %s does not match the registry's %s %s: its bytes hash to %s"
                .formatted(ref, ref.registry(), HEADER, sent, check));
      }
    }
    return computed;
  }

  static Digest of(String algorithm, byte[] raw) {
    return Digest.of(algorithm, Digest.newMessageDigest(algorithm).digest(raw));
  }
}
