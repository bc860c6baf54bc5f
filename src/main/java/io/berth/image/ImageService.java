package io.berth.image;

import io.berth.events.EventSink;
import io.berth.image.content.ContentStore;
import io.berth.image.registry.RegistryClient;
import io.berth.image.unpack.LayerUnpacker;
import io.berth.image.unpack.UnpackPolicy;
import io.berth.spec.Digest;
import io.berth.spec.ImageRef;
import io.berth.spec.Platform;
import io.berth.store.Database;
import io.berth.store.Schema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Images on this host: pulled from registries, verified, unpacked once per layer, named by
 * references, removed when nothing needs them.
 */
public final class ImageService {
  public static final Schema SCHEMA = SqliteImageCatalog.SCHEMA;

  private final ContentStore content;
  private final SnapshotStore snapshots;
  private final ImageCatalog catalog;
  private final StoreLock lock;
  private final Puller puller;
  private final EventSink events;

  private ImageService(
      ContentStore content,
      SnapshotStore snapshots,
      ImageCatalog catalog,
      StoreLock lock,
      Puller puller,
      EventSink events) {
    this.content = content;
    this.snapshots = snapshots;
    this.catalog = catalog;
    this.lock = lock;
    this.puller = puller;
    this.events = events;
  }

  /**
   * Opens the image store under {@code root}: {@code blobs/}, {@code ingest/}, {@code snapshots/},
   * with metadata in {@code database} (which must include {@link #SCHEMA}).
   */
  public static ImageService open(
      Path root, Database database, UnpackPolicy policy, int parallelLayers, EventSink events)
      throws IOException {
    Files.createDirectories(root);
    ContentStore content = ContentStore.open(root);
    SnapshotStore snapshots = new SnapshotStore(root.resolve("snapshots"));
    StoreLock lock = new StoreLock(root.resolve("images.lock"));
    Puller puller = new Puller(content, snapshots, LayerUnpacker.create(policy), parallelLayers);
    return new ImageService(
        content, snapshots, new SqliteImageCatalog(database), lock, puller, events);
  }

  /** Pulls an image with {@code client} and points {@code ref} at it. */
  public PullOutcome pull(
      RegistryClient client,
      ImageRef ref,
      Platform platform,
      boolean explicitPlatform,
      PullListener listener)
      throws IOException {
    events.publish("image.pull.start", ref.toString());
    long started = System.nanoTime();
    Puller.Pulled pulled;
    Optional<Digest> previous;
    try (StoreLock.Held _ = lock.shared()) {
      pulled = puller.pull(client, ref, platform, explicitPlatform, listener);
      previous = catalog.put(pulled.image(), ref);
    } catch (IOException | RuntimeException e) {
      events.publish(
          "image.pull.fail",
          ref.toString(),
          Map.of("error", String.valueOf(e.getMessage()), "millis", millisSince(started)));
      throw e;
    }
    Image image = catalog.byManifest(pulled.image().manifestDigest()).orElse(pulled.image());
    events.publish(
        "image.pull",
        ref.toString(),
        Map.of(
            "digest", image.repoDigest().toString(),
            "layersPulled", Integer.toString(pulled.layersPulled()),
            "bytes", Long.toString(pulled.bytesDownloaded()),
            "millis", millisSince(started)));
    return new PullOutcome(
        ref,
        image,
        pulled.layersPulled(),
        pulled.layersPresent(),
        pulled.bytesDownloaded(),
        previous.orElse(null));
  }

  private static String millisSince(long startNanos) {
    return Long.toString((System.nanoTime() - startNanos) / 1_000_000);
  }

  /** Points {@code ref} at {@code image} as well (an image may have several references). */
  public void reference(Image image, ImageRef ref) throws IOException {
    try (StoreLock.Held _ = lock.shared()) {
      catalog.put(image, ref);
    }
  }

  public List<Image> list() throws IOException {
    return catalog.list();
  }

  /**
   * Finds an image by reference ({@code busybox}, {@code host/app:v1}, {@code app@sha256:...}), by
   * digest, or by a unique hex prefix of its id or digests.
   */
  public Optional<Image> find(String name) throws IOException {
    List<Image> found = candidates(name);
    if (found.size() > 1) {
      throw new AmbiguousImageException(
          "'%s' matches %d images; give more of the digest".formatted(name, found.size()));
    }
    return found.stream().findFirst();
  }

  private List<Image> candidates(String name) throws IOException {
    if (!name.startsWith("sha256:")) {
      try {
        Optional<Image> byRef = catalog.byRef(ImageRef.parse(name));
        if (byRef.isPresent()) {
          return List.of(byRef.get());
        }
      } catch (IllegalArgumentException e) {
        if (!isHex(name)) {
          throw e;
        }
      }
    }
    String hex = name.startsWith("sha256:") ? name.substring(7) : name;
    if (hex.length() >= 4 && hex.length() <= 64 && isHex(hex)) {
      return catalog.byDigestPrefix(hex);
    }
    return List.of();
  }

  private static boolean isHex(String s) {
    return !s.isEmpty()
        && s.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
  }

  /** The snapshot directories of an image, bottom layer first: overlay lower dirs. */
  public List<Path> layerPaths(Image image) {
    return image.layers().stream().map(l -> snapshots.fs(l.chainId())).toList();
  }

  /** The image config document, as stored. */
  public byte[] config(Image image) throws IOException {
    return content.read(image.configDigest(), 8 << 20);
  }

  /**
   * Removes {@code name}. A reference is removed alone; the image goes with its last reference.
   * Naming an image by digest removes it with all its references, which needs {@code force} when it
   * has more than one.
   */
  public Removal remove(String name, boolean force) throws IOException {
    Image image =
        find(name)
            .orElseThrow(
                () -> new ImageNotFoundException("no image '%s' on this host".formatted(name)));
    List<String> untagged = new ArrayList<>();
    List<String> deleted = new ArrayList<>();
    try (StoreLock.Held _ = lock.exclusive()) {
      Optional<ImageRef> byRef = asReference(name, image);
      if (byRef.isPresent()) {
        catalog.removeRef(byRef.get());
        untagged.add(byRef.get().toString());
        events.publish("image.untag", byRef.get().toString());
        if (image.refs().size() > 1) {
          return new Removal(untagged, deleted, 0);
        }
      } else if (image.refs().size() > 1 && !force) {
        throw new ImageInUseException(
            "image %s is referenced by %s; remove those references, or use --force"
                .formatted(image.manifestDigest().shortHex(), image.refs()));
      } else {
        image.refs().forEach(r -> untagged.add(r.toString()));
      }
      catalog.remove(image.manifestDigest());
      deleted.add(image.manifestDigest().toString());
      events.publish("image.delete", image.manifestDigest().toString());
      long freed = collect(image);
      return new Removal(untagged, deleted, freed);
    }
  }

  private static Optional<ImageRef> asReference(String name, Image image) {
    try {
      ImageRef ref = ImageRef.parse(name);
      return image.refs().contains(ref) ? Optional.of(ref) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Deletes the blobs and snapshots of {@code image} no other image needs. */
  private long collect(Image image) throws IOException {
    Set<Digest> blobsInUse = catalog.blobsInUse();
    Set<Digest> snapshotsInUse = catalog.snapshotsInUse();
    long freed = 0;
    List<Digest> blobs = new ArrayList<>();
    blobs.add(image.manifestDigest());
    blobs.add(image.configDigest());
    if (image.indexDigest() != null) {
      blobs.add(image.indexDigest());
    }
    image.layers().forEach(l -> blobs.add(l.blob()));
    for (Digest blob : blobs) {
      if (!blobsInUse.contains(blob)) {
        freed += deleteBlob(blob);
      }
    }
    for (Image.Layer layer : image.layers()) {
      if (!snapshotsInUse.contains(layer.chainId())) {
        freed += DiskUsage.of(snapshots.fs(layer.chainId()));
        snapshots.remove(layer.chainId());
      }
    }
    return freed;
  }

  private long deleteBlob(Digest blob) throws IOException {
    Path path = content.path(blob);
    long size = Files.exists(path) ? Files.size(path) : 0;
    return content.delete(blob) ? size : 0;
  }

  /**
   * Removes images no reference names and nothing uses ({@code inUse}: a container's image stays
   * while the container does), then every blob and snapshot no image needs, and what interrupted
   * pulls left behind.
   */
  public Pruning prune(java.util.function.Predicate<Image> inUse) throws IOException {
    try (StoreLock.Held _ = lock.exclusive()) {
      int images = 0;
      for (Image image : catalog.list()) {
        if (image.refs().isEmpty() && !inUse.test(image)) {
          catalog.remove(image.manifestDigest());
          images++;
        }
      }
      Set<Digest> blobsInUse = catalog.blobsInUse();
      Set<Digest> snapshotsInUse = catalog.snapshotsInUse();
      long freed = content.removeAbandonedIngests();
      int blobs = 0;
      for (Digest blob : content.list()) {
        if (!blobsInUse.contains(blob)) {
          freed += deleteBlob(blob);
          blobs++;
        }
      }
      int removedSnapshots = snapshots.removeLeftovers();
      for (Digest chain : snapshots.list()) {
        if (!snapshotsInUse.contains(chain)) {
          freed += DiskUsage.of(snapshots.fs(chain));
          snapshots.remove(chain);
          removedSnapshots++;
        }
      }
      events.publish(
          "image.prune",
          null,
          Map.of("images", Integer.toString(images), "bytes", Long.toString(freed)));
      return new Pruning(images, blobs, removedSnapshots, freed);
    }
  }

  /** What {@link #remove} did. */
  public record Removal(List<String> untagged, List<String> deleted, long bytesFreed) {}

  /** What {@link #prune} did. */
  public record Pruning(int images, int blobs, int snapshots, long bytesFreed) {}
}
