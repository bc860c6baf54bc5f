package io.berth.testing;

/** What skopeo pushes a layout's image as. */
public enum PushFormat {
  /**
   * As the layout wrote it, byte for byte ({@code --preserve-digests}): manifest digests, media
   * types and layer compression (gzip, zstd or none) stay what the layout says.
   */
  AS_WRITTEN,
  /**
   * Converted by skopeo to Docker schema 2 ({@code --format v2s2}): gzip layers, Docker media
   * types, and an index becomes a Docker manifest list. Digests of manifests and configs change.
   */
  DOCKER_V2S2
}
