package io.berth.image.oci;

import io.berth.spec.Platform;
import java.util.List;
import java.util.Optional;

/** An image index (or Docker manifest list): one manifest per platform. */
public record ImageIndex(String mediaType, List<Descriptor> manifests, byte[] raw)
    implements Manifest {
  public ImageIndex {
    manifests = manifests == null ? List.of() : List.copyOf(manifests);
  }

  /** The first entry built for {@code platform}, in the order the index lists them. */
  public Optional<Descriptor> select(Platform platform) {
    return manifests.stream()
        .filter(d -> MediaTypes.isManifest(d.mediaType()) || d.mediaType() == null)
        .filter(d -> d.platform() != null && d.platform().toPlatform() != null)
        .filter(d -> platform.matches(d.platform().toPlatform()))
        .findFirst();
  }

  /** The platforms this index offers, for error messages. */
  public List<String> platforms() {
    return manifests.stream()
        .map(Descriptor::platform)
        .filter(p -> p != null && p.toPlatform() != null)
        .map(p -> p.toPlatform().toString())
        .distinct()
        .toList();
  }
}
