package io.berth.image.registry;

import io.berth.image.oci.MediaTypes;
import io.berth.spec.Digest;
import io.berth.spec.ImageRef;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * HEAD a manifest for its digest: cheap, and on Docker Hub it does not count against the pull
 * limit. Empty when the registry does not send {@code Docker-Content-Digest}.
 */
record ManifestChecker(ImageRef ref) implements RegistryOperation<Optional<Digest>> {

  @Override
  public ImageRef repository() {
    return ref;
  }

  @Override
  public String method() {
    return "HEAD";
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
  public Optional<Digest> onSuccess(Response response) throws IOException {
    response.close();
    return ManifestDigests.fromHeader(response.headers(), ref);
  }

  @Override
  public RegistryException notFound(ErrorBody body) {
    return ManifestPuller.manifestUnknown(ref, body);
  }
}
