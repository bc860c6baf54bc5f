package io.berth.testing;

import io.berth.image.oci.Descriptor;
import io.berth.spec.Digest;
import java.util.List;

/** An image written into an {@link OciLayout}: its manifest, config and layers. */
public record LayoutImage(Descriptor manifest, Descriptor config, List<LayerBlob> layers) {
  public LayoutImage {
    layers = List.copyOf(layers);
  }

  public List<Digest> diffIds() {
    return layers.stream().map(LayerBlob::diffId).toList();
  }
}
