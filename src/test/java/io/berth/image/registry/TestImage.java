package io.berth.image.registry;

import io.berth.image.oci.Descriptor;
import io.berth.image.oci.MediaTypes;
import io.berth.spec.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/** A tiny image (one layer of random bytes, a config, an OCI manifest) pushed for a test. */
record TestImage(
    byte[] layer,
    Descriptor layerDescriptor,
    byte[] config,
    Descriptor configDescriptor,
    byte[] manifest,
    Digest manifestDigest) {

  /** Builds and pushes an image for {@code architecture} as {@code repo:tag}. */
  static TestImage push(TestPush push, String repo, String tag, String architecture, int layerSize)
      throws IOException, InterruptedException {
    byte[] layer = new byte[layerSize];
    new Random(repo.hashCode() * 31L + tag.hashCode() + architecture.hashCode()).nextBytes(layer);
    Descriptor layerDescriptor = push.blob(repo, layer, MediaTypes.OCI_LAYER_GZIP);
    byte[] config =
        """
        {"architecture":"%s","os":"linux","config":{"Cmd":["/bin/sh"]},\
        "rootfs":{"type":"layers","diff_ids":["%s"]}}"""
            .formatted(architecture, Digest.sha256(layer))
            .getBytes(StandardCharsets.UTF_8);
    Descriptor configDescriptor = push.blob(repo, config, MediaTypes.OCI_CONFIG);
    byte[] manifest =
        """
        {"schemaVersion":2,"mediaType":"%s",\
        "config":{"mediaType":"%s","digest":"%s","size":%d},\
        "layers":[{"mediaType":"%s","digest":"%s","size":%d}]}"""
            .formatted(
                MediaTypes.OCI_MANIFEST,
                MediaTypes.OCI_CONFIG,
                configDescriptor.digest(),
                config.length,
                MediaTypes.OCI_LAYER_GZIP,
                layerDescriptor.digest(),
                layer.length)
            .getBytes(StandardCharsets.UTF_8);
    Digest digest = push.manifest(repo, tag, manifest, MediaTypes.OCI_MANIFEST);
    return new TestImage(layer, layerDescriptor, config, configDescriptor, manifest, digest);
  }

  /** Pushes an index of {@code images} (linux, by their architectures) as {@code repo:tag}. */
  static Digest pushIndex(TestPush push, String repo, String tag, TestImage... images)
      throws IOException, InterruptedException {
    StringBuilder entries = new StringBuilder();
    for (TestImage image : images) {
      String arch =
          new String(image.config, StandardCharsets.UTF_8)
              .replaceAll("(?s).*\"architecture\":\"([^\"]+)\".*", "$1");
      if (!entries.isEmpty()) {
        entries.append(',');
      }
      entries.append(
          """
          {"mediaType":"%s","digest":"%s","size":%d,"platform":{"os":"linux","architecture":"%s"}}"""
              .formatted(
                  MediaTypes.OCI_MANIFEST, image.manifestDigest, image.manifest.length, arch));
    }
    byte[] index =
        """
        {"schemaVersion":2,"mediaType":"%s","manifests":[%s]}"""
            .formatted(MediaTypes.OCI_INDEX, entries)
            .getBytes(StandardCharsets.UTF_8);
    return push.manifest(repo, tag, index, MediaTypes.OCI_INDEX);
  }
}
