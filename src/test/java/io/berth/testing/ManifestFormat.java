package io.berth.testing;

import io.berth.image.oci.MediaTypes;

/** The media types a layout writes its documents with: OCI, or Docker schema 2. */
public enum ManifestFormat {
  OCI,
  DOCKER;

  public String manifest() {
    return this == OCI ? MediaTypes.OCI_MANIFEST : MediaTypes.DOCKER_MANIFEST;
  }

  public String index() {
    return this == OCI ? MediaTypes.OCI_INDEX : MediaTypes.DOCKER_MANIFEST_LIST;
  }

  public String config() {
    return this == OCI ? MediaTypes.OCI_CONFIG : MediaTypes.DOCKER_CONFIG;
  }

  public String layer(Compression compression) {
    return this == OCI ? compression.ociMediaType() : compression.dockerMediaType();
  }
}
