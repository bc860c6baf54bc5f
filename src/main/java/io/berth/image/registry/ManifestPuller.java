package io.berth.image.registry;

import io.berth.image.oci.Manifest;
import io.berth.image.oci.MediaTypes;
import io.berth.image.registry.RegistryException.Reason;
import io.berth.spec.Digest;
import io.berth.spec.ImageRef;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** GET a manifest by tag or digest, verify its digest, parse it. */
record ManifestPuller(ImageRef ref, int maxBytes, Duration idleLimit)
    implements RegistryOperation<ManifestResponse> {

  @Override
  public ImageRef repository() {
    return ref;
  }

  @Override
  public String method() {
    return "GET";
  }

  @Override
  public String path() {
    return RegistryOperation.path(ref, "manifests", ref.manifestReference());
  }

  @Override
  public Map<String, String> headers() {
    return Map.of("Accept", MediaTypes.MANIFEST_ACCEPT);
  }

  @Override
  public String describe() {
    return "manifest " + ref;
  }

  @Override
  public ManifestResponse onSuccess(Response response) throws IOException {
    Optional<Digest> header = ManifestDigests.fromHeader(response.headers(), ref);
    byte[] raw = ResponseBodies.readCapped(response, maxBytes, describe(), idleLimit);
    Digest digest = ManifestDigests.verify(ref, raw, header);
    String contentType = response.headers().firstValue("Content-Type").orElse(null);
    Manifest manifest;
    try {
      manifest = Manifest.parse(raw, contentType);
    } catch (IllegalArgumentException e) {
      throw new RegistryException(
          Reason.INVALID_CONTENT,
          "manifest %s from %s cannot be used: %s".formatted(ref, ref.registry(), e.getMessage()));
    }
    return new ManifestResponse(ref, digest, header, manifest);
  }

  @Override
  public RegistryException notFound(ErrorBody body) {
    return manifestUnknown(ref, body);
  }

  static RegistryException manifestUnknown(ImageRef ref, ErrorBody body) {
    return new RegistryException(
        Reason.NOT_FOUND,
        404,
        "manifest unknown: %s not found in %s%s".formatted(ref, ref.registry(), body.suffix()),
        null);
  }
}
