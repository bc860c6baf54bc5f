package io.berth.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One image in full: its summary, layers, and the image config as the image carries it.
 *
 * @param config the image config document
 */
public record ImageDetails(
    ImageSummary image, String mediaType, List<Layer> layers, JsonNode config) {
  public ImageDetails {
    layers = layers == null ? List.of() : List.copyOf(layers);
  }

  /** One layer: blob, uncompressed diffID, and the snapshot (ChainID) it is unpacked into. */
  public record Layer(String digest, String mediaType, long size, String diffId, String chainId) {}
}
