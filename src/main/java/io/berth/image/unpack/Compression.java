package io.berth.image.unpack;

/** How a layer's tar stream is compressed. */
public enum Compression {
  NONE,
  GZIP,
  ZSTD;

  private static final String OCI_LAYER = "application/vnd.oci.image.layer.";
  private static final String DOCKER_LAYER = "application/vnd.docker.image.rootfs.";

  /**
   * The compression a layer media type declares: OCI's {@code ...tar}, {@code ...tar+gzip}, {@code
   * ...tar+zstd} (distributable or not) and Docker's {@code ...diff.tar.gzip} (also foreign).
   */
  public static Compression ofMediaType(String mediaType) {
    if (mediaType != null
        && (mediaType.startsWith(OCI_LAYER) || mediaType.startsWith(DOCKER_LAYER))) {
      if (mediaType.endsWith(".tar")) {
        return NONE;
      }
      if (mediaType.endsWith(".tar+gzip") || mediaType.endsWith(".tar.gzip")) {
        return GZIP;
      }
      if (mediaType.endsWith(".tar+zstd")) {
        return ZSTD;
      }
    }
    throw new IllegalArgumentException(
        "'%s' is not a layer media type berth can unpack (expected an OCI or Docker layer: tar,"
                .formatted(mediaType)
            + " tar+gzip, tar+zstd)");
  }
}
