package io.berth.image.oci;

import java.util.List;

/** An image manifest: one config and its layers, bottom first. */
public record ImageManifest(
    String mediaType, Descriptor config, List<Descriptor> layers, byte[] raw) implements Manifest {
  public ImageManifest {
    if (config == null) {
      throw new IllegalArgumentException("image manifest without a config descriptor");
    }
    layers = layers == null ? List.of() : List.copyOf(layers);
    for (Descriptor layer : layers) {
      if (!MediaTypes.LAYER_TYPES.contains(layer.mediaType())) {
        throw new IllegalArgumentException(
            "layer %s has unsupported media type '%s'"
                .formatted(layer.digest(), layer.mediaType()));
      }
    }
  }

  /** Total compressed size of the layers. */
  public long layersSize() {
    return layers.stream().mapToLong(Descriptor::size).sum();
  }
}
