package io.berth.api;

import java.util.List;

/** The images resource: {@code /v1/images}. */
public interface Images {

  /** Pulls an image; {@code progress} hears about each layer as it goes. */
  PullResult pull(PullRequest request, PullProgress progress);

  List<ImageSummary> list();

  /** An image by reference, digest, or a unique prefix of its id or digest. */
  ImageDetails inspect(String name);

  /** Removes a reference; the image goes when no reference is left (or with {@code force}). */
  RemoveResult remove(String name, boolean force);

  /** Removes images nothing refers to, and blobs and snapshots no image needs. */
  PruneResult prune();
}
