package io.berth.image.oci;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.spec.Json;
import java.io.IOException;
import java.util.List;

/**
 * A manifest as a registry serves it: an image manifest, or an index of them. The raw bytes are
 * kept because the digest is computed over them, not over a re-serialisation.
 */
public sealed interface Manifest permits ImageManifest, ImageIndex {

  String mediaType();

  byte[] raw();

  /**
   * Parses a manifest, using the media type in the document and falling back on the one the
   * registry sent (Docker schema 2 documents carry theirs; OCI ones may omit it).
   */
  static Manifest parse(byte[] raw, String contentType) {
    JsonNode node;
    try {
      node = Json.lenient().readTree(raw);
    } catch (IOException e) {
      throw new IllegalArgumentException("manifest is not valid JSON: " + e.getMessage(), e);
    }
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("manifest is not a JSON object");
    }
    String mediaType = node.path("mediaType").asText(null);
    if (mediaType == null || mediaType.isBlank()) {
      mediaType = contentType == null ? null : contentType.split(";", 2)[0].trim();
    }
    if (node.path("schemaVersion").asInt() == 1) {
      throw new IllegalArgumentException(
          "Docker image manifest schema 1 is deprecated and not supported; push the image again"
              + " with a current client");
    }
    if (!MediaTypes.isIndex(mediaType) && !MediaTypes.isManifest(mediaType)) {
      // An OCI document without mediaType: tell the kinds apart by their fields.
      if (node.has("manifests")) {
        mediaType = MediaTypes.OCI_INDEX;
      } else if (node.has("config") && node.has("layers")) {
        mediaType = MediaTypes.OCI_MANIFEST;
      } else {
        throw new IllegalArgumentException("unsupported manifest media type '" + mediaType + "'");
      }
    }
    try {
      if (MediaTypes.isIndex(mediaType)) {
        List<Descriptor> manifests =
            Json.lenient()
                .readerForListOf(Descriptor.class)
                .readValue(node.path("manifests").isMissingNode() ? null : node.get("manifests"));
        return new ImageIndex(mediaType, manifests, raw);
      }
      Descriptor config = Json.lenient().treeToValue(node.get("config"), Descriptor.class);
      List<Descriptor> layers =
          Json.lenient().readerForListOf(Descriptor.class).readValue(node.get("layers"));
      return new ImageManifest(mediaType, config, layers, raw);
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid " + mediaType + ": " + e.getMessage(), e);
    }
  }
}
