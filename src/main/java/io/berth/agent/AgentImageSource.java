package io.berth.agent;

import io.berth.image.Image;
import io.berth.image.ImageService;
import io.berth.image.PullListener;
import io.berth.image.PullOutcome;
import io.berth.runtime.ContainerRecord;
import io.berth.runtime.ContainerRuntime;
import io.berth.spec.Digest;
import io.berth.spec.ImageRef;
import io.berth.spec.Platform;
import io.berth.supervise.ImageSource;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Services' images from this host's image store and the configured registries. An image a service
 * ran is kept under {@code name@digest} as well as its tag, so the version before an upgrade stays
 * on disk for a rollback after the tag moved on.
 */
final class AgentImageSource implements ImageSource {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(AgentImageSource.class);
  private final ImageService images;
  private final Registries registries;
  private final ContainerRuntime runtime;

  AgentImageSource(ImageService images, Registries registries, ContainerRuntime runtime) {
    this.images = images;
    this.registries = registries;
    this.runtime = runtime;
  }

  @Override
  public Digest resolve(ImageRef ref) throws IOException {
    return registries.client(ref, null).headManifest(ref);
  }

  @Override
  public Image pull(ImageRef ref) throws IOException {
    PullOutcome outcome =
        images.pull(registries.client(ref, null), ref, Platform.host(), false, PullListener.NONE);
    Image image = outcome.image();
    LOG.info(
        "pulled {} ({}): {} layer(s) downloaded, {} present, {} bytes",
        ref,
        image.repoDigest().shortHex(),
        outcome.layersPulled(),
        outcome.layersPresent(),
        outcome.bytesDownloaded());
    images.reference(image, byDigest(ref, image.repoDigest()));
    return image;
  }

  @Override
  public Optional<Image> local(ImageRef ref, Digest digest) throws IOException {
    Optional<Image> found = images.find(byDigest(ref, digest).toString());
    return found.filter(i -> i.repoDigest().equals(digest) || i.manifestDigest().equals(digest));
  }

  @Override
  public void retain(ImageRef ref, Set<Digest> keep) throws IOException {
    for (Image image : images.list()) {
      boolean sameRepository = image.refs().stream().anyMatch(r -> r.name().equals(ref.name()));
      if (!sameRepository || keep.contains(image.repoDigest())) {
        continue;
      }
      List<ContainerRecord> users =
          runtime.list().stream()
              .filter(c -> c.imageDigest().equals(image.manifestDigest()))
              .toList();
      if (users.stream().anyMatch(c -> c.state().isActive())) {
        continue; // still runs (a never-killed old version taking its time): keep it
      }
      for (ContainerRecord exited : users) {
        runtime.remove(exited.id(), false); // an old version's container, kept only for its logs
      }
      for (ImageRef r : image.refs()) {
        if (r.name().equals(ref.name()) && r.tag() == null) {
          images.remove(r.toString(), false);
        }
      }
    }
  }

  private static ImageRef byDigest(ImageRef ref, Digest digest) {
    return new ImageRef(ref.registry(), ref.repository(), null, digest);
  }
}
