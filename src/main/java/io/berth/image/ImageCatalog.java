package io.berth.image;

import io.berth.spec.Digest;
import io.berth.spec.ImageRef;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** What images are on this host and which references name them. */
public interface ImageCatalog {

  /**
   * Records an image and points {@code ref} at it. Returns the manifest digest the reference
   * pointed at before (empty when it is new).
   */
  Optional<Digest> put(Image image, ImageRef ref) throws IOException;

  Optional<Image> byRef(ImageRef ref) throws IOException;

  Optional<Image> byManifest(Digest manifestDigest) throws IOException;

  /** Images whose manifest, index or config digest starts with {@code hexPrefix}. */
  List<Image> byDigestPrefix(String hexPrefix) throws IOException;

  List<Image> list() throws IOException;

  /** Removes a reference; returns false when it did not exist. */
  boolean removeRef(ImageRef ref) throws IOException;

  /** Removes an image and its references. */
  void remove(Digest manifestDigest) throws IOException;

  /** Every blob some image needs: manifests, indexes, configs, layers. */
  Set<Digest> blobsInUse() throws IOException;

  /** Every snapshot some image needs. */
  Set<Digest> snapshotsInUse() throws IOException;
}
