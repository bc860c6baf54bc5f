package io.berth.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.image.oci.Descriptor;
import io.berth.image.oci.MediaTypes;
import io.berth.image.oci.OciPlatform;
import io.berth.spec.Digest;
import io.berth.spec.Json;
import io.berth.spec.Platform;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An OCI image layout on disk (image-layout.md): {@code oci-layout}, {@code index.json} naming
 * tagged manifests, and {@code blobs/sha256/<hex>}. skopeo pushes from it ({@code oci:DIR:TAG}) and
 * umoci reads it. Every document is written as given, so a test can also write a wrong one.
 */
public final class OciLayout {
  private static final String REF_NAME = "org.opencontainers.image.ref.name";

  private final Path root;

  private OciLayout(Path root) {
    this.root = root;
  }

  /** Starts an empty layout in {@code dir} (created if needed). */
  public static OciLayout create(Path dir) {
    try {
      Files.createDirectories(dir.resolve("blobs/sha256"));
      Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
      Files.writeString(
          dir.resolve("index.json"),
          "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":[]}");
      return new OciLayout(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create an OCI layout in " + dir, e);
    }
  }

  /** A layout another tool wrote (umoci, skopeo). */
  public static OciLayout open(Path dir) {
    if (!Files.isRegularFile(dir.resolve("oci-layout"))) {
      throw new IllegalArgumentException(dir + " is not an OCI layout");
    }
    return new OciLayout(dir);
  }

  public Path path() {
    return root;
  }

  /** {@code oci:DIR:TAG}, as skopeo names a tag in this layout. */
  public String skopeoReference(String tag) {
    return "oci:" + root + ":" + tag;
  }

  public Path blobPath(Digest digest) {
    return root.resolve("blobs").resolve(digest.algorithm()).resolve(digest.hex());
  }

  public byte[] readBlob(Digest digest) {
    try {
      return Files.readAllBytes(blobPath(digest));
    } catch (IOException e) {
      throw new UncheckedIOException("no blob " + digest + " in " + root, e);
    }
  }

  public LayerBlob addLayer(Layer layer, Compression compression) {
    try {
      Path temporary = Files.createTempFile(root.resolve("blobs"), "layer-", ".partial");
      LayerBlob written = LayerWriter.write(layer, compression, temporary);
      Path target = blobPath(written.digest());
      Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
      return written.movedTo(target);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot add a layer to " + root, e);
    }
  }

  public Descriptor addBlob(byte[] content, String mediaType) {
    Digest digest = Digest.sha256(content);
    try {
      Files.write(blobPath(digest), content);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write blob " + digest, e);
    }
    return Descriptor.of(mediaType, digest, content.length);
  }

  /** A manifest listing exactly these descriptors, right or wrong. */
  public Descriptor addManifest(Descriptor config, List<Descriptor> layers, String mediaType) {
    ObjectNode manifest = Json.lenient().createObjectNode();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", mediaType);
    manifest.set("config", tree(config));
    ArrayNode layerArray = manifest.putArray("layers");
    layers.forEach(layer -> layerArray.add(tree(layer)));
    return addBlob(bytes(manifest), mediaType);
  }

  /**
   * Config, layers and manifest of one OCI image. (Docker schema 2 documents are not written here:
   * skopeo 1.9's {@code oci:} transport does not find index.json entries with Docker media types;
   * push with {@link PushFormat#DOCKER_V2S2} to get them.)
   */
  public LayoutImage addImage(ImageConfigBuilder config, List<LayerBlob> layers) {
    List<Digest> diffIds = layers.stream().map(LayerBlob::diffId).toList();
    Descriptor configBlob = addBlob(config.toJson(diffIds), MediaTypes.OCI_CONFIG);
    Descriptor manifest =
        addManifest(
            configBlob,
            layers.stream().map(LayerBlob::descriptor).toList(),
            MediaTypes.OCI_MANIFEST);
    return new LayoutImage(manifest, configBlob, layers);
  }

  /** An index with one entry per platform, in the given order. */
  public Descriptor addIndex(Map<Platform, Descriptor> manifests, String mediaType) {
    ObjectNode index = Json.lenient().createObjectNode();
    index.put("schemaVersion", 2);
    index.put("mediaType", mediaType);
    ArrayNode entries = index.putArray("manifests");
    manifests.forEach(
        (platform, manifest) ->
            entries.add(
                tree(
                    new Descriptor(
                        manifest.mediaType(),
                        manifest.digest(),
                        manifest.size(),
                        null,
                        null,
                        new OciPlatform(
                            platform.architecture(),
                            platform.os(),
                            null,
                            null,
                            platform.variant())))));
    return addBlob(bytes(index), mediaType);
  }

  /**
   * Names {@code descriptor} {@code tag} in index.json, replacing an earlier entry of that name.
   */
  public void tag(String tag, Descriptor descriptor) {
    Path indexFile = root.resolve("index.json");
    try {
      ObjectNode index = (ObjectNode) Json.lenient().readTree(indexFile.toFile());
      ArrayNode kept = Json.lenient().createArrayNode();
      for (JsonNode entry : index.path("manifests")) {
        if (!tag.equals(entry.path("annotations").path(REF_NAME).asText(null))) {
          kept.add(entry);
        }
      }
      kept.add(
          tree(
              new Descriptor(
                  descriptor.mediaType(),
                  descriptor.digest(),
                  descriptor.size(),
                  null,
                  Map.of(REF_NAME, tag),
                  null)));
      index.set("manifests", kept);
      Files.write(indexFile, bytes(index));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot update " + indexFile, e);
    }
  }

  /** The descriptor index.json names {@code tag}, if any. */
  public Optional<Descriptor> tagged(String tag) {
    try {
      for (JsonNode entry :
          Json.lenient().readTree(root.resolve("index.json").toFile()).path("manifests")) {
        if (tag.equals(entry.path("annotations").path(REF_NAME).asText(null))) {
          return Optional.of(Json.lenient().treeToValue(entry, Descriptor.class));
        }
      }
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + root.resolve("index.json"), e);
    }
  }

  private static JsonNode tree(Object value) {
    return Json.lenient().valueToTree(value);
  }

  private static byte[] bytes(JsonNode node) {
    return node.toString().getBytes(StandardCharsets.UTF_8);
  }
}
