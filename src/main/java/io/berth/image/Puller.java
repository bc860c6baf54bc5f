package io.berth.image;

import io.berth.image.content.BlobMismatchException;
import io.berth.image.content.ContentStore;
import io.berth.image.content.Ingest;
import io.berth.image.oci.ChainIds;
import io.berth.image.oci.Descriptor;
import io.berth.image.oci.ImageConfig;
import io.berth.image.oci.ImageIndex;
import io.berth.image.oci.ImageManifest;
import io.berth.image.registry.BlobStream;
import io.berth.image.registry.ManifestResponse;
import io.berth.image.registry.PlatformSelector;
import io.berth.image.registry.RegistryClient;
import io.berth.image.unpack.Compression;
import io.berth.image.unpack.LayerRejectedException;
import io.berth.image.unpack.LayerUnpacker;
import io.berth.image.unpack.UnpackResult;
import io.berth.spec.Digest;
import io.berth.spec.ImageRef;
import io.berth.spec.Platform;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One pull: resolve the reference, fetch the config, then every layer in parallel, each in one
 * streaming pass (download → digest → decompress → diffID → unpack). A layer's blob and snapshot
 * become visible only after both digests matched.
 */
final class Puller {
  private static final int MAX_CONFIG_BYTES = 8 << 20;
  private static final int ATTEMPTS_PER_LAYER = 3;

  /** Whether this process's first pull has started {@link LayerUnpacker#prepare} already. */
  private static final AtomicBoolean PREPARING = new AtomicBoolean();

  private final ContentStore content;
  private final SnapshotStore snapshots;
  private final LayerUnpacker unpacker;
  private final Semaphore parallelLayers;

  Puller(
      ContentStore content, SnapshotStore snapshots, LayerUnpacker unpacker, int parallelLayers) {
    this.content = content;
    this.snapshots = snapshots;
    this.unpacker = unpacker;
    this.parallelLayers = new Semaphore(parallelLayers);
  }

  /** Pulls {@code ref} for {@code platform}; {@code explicitPlatform} when the user named one. */
  Pulled pull(
      RegistryClient client,
      ImageRef ref,
      Platform platform,
      boolean explicitPlatform,
      PullListener listener)
      throws IOException {
    if (PREPARING.compareAndSet(false, true)) {
      Thread.ofPlatform().daemon().name("berth-pull-prepare").start(LayerUnpacker::prepare);
    }
    ManifestResponse top = client.fetchManifest(ref);
    Digest indexDigest = null;
    ManifestResponse platformManifest = top;
    if (top.manifest() instanceof ImageIndex index) {
      indexDigest = top.digest();
      Descriptor chosen = PlatformSelector.select(ref, index, platform);
      platformManifest = client.fetchManifest(ref.withDigest(chosen.digest()));
      if (!(platformManifest.manifest() instanceof ImageManifest)) {
        throw new IOException(
            "%s: the index entry for %s is not an image manifest".formatted(ref, platform));
      }
    }
    ImageManifest manifest = (ImageManifest) platformManifest.manifest();
    FetchedConfig fetched = config(client, ref, manifest.config());
    ImageConfig config;
    Platform imagePlatform;
    List<Digest> diffIds;
    List<Digest> chains;
    Counters counters = new Counters();
    try {
      config = ImageConfig.parse(fetched.bytes());
      imagePlatform = platformOf(config, platform);
      if (explicitPlatform && !platform.matches(imagePlatform)) {
        throw new IOException(
            "%s is built for %s, not for the requested %s".formatted(ref, imagePlatform, platform));
      }
      diffIds = config.rootfs().diffIds();
      if (diffIds.size() != manifest.layers().size()) {
        throw new IOException(
            "%s: the manifest lists %d layers but the config's rootfs has %d diff_ids"
                .formatted(ref, manifest.layers().size(), diffIds.size()));
      }
      chains = ChainIds.of(diffIds);
      pullLayers(client, ref, manifest.layers(), diffIds, chains, listener, counters);
    } catch (IOException | RuntimeException e) {
      fetched.awaitStored(e);
      throw e;
    }
    fetched.awaitStored(null);

    content.put(
        new Descriptor(
            manifest.mediaType(),
            platformManifest.digest(),
            manifest.raw().length,
            null,
            null,
            null),
        manifest.raw());
    if (indexDigest != null) {
      content.put(
          new Descriptor(
              top.manifest().mediaType(),
              indexDigest,
              top.manifest().raw().length,
              null,
              null,
              null),
          top.manifest().raw());
    }
    List<Image.Layer> layers = new ArrayList<>();
    for (int i = 0; i < manifest.layers().size(); i++) {
      Descriptor d = manifest.layers().get(i);
      layers.add(
          new Image.Layer(d.digest(), d.mediaType(), d.size(), diffIds.get(i), chains.get(i)));
    }
    Image image =
        new Image(
            platformManifest.digest(),
            manifest.mediaType(),
            manifest.config().digest(),
            indexDigest,
            imagePlatform,
            manifest.layersSize() + manifest.config().size(),
            created(config),
            Instant.now(),
            layers,
            List.of(ref));
    return new Pulled(image, counters.pulled.get(), counters.present.get(), counters.bytes.get());
  }

  /**
   * The image config, verified against its digest. One fetched now is stored on a thread of its own
   * while the layers download: nothing they do needs it on disk, and a blob is written with fsync,
   * which on a busy disk costs tens of milliseconds the layers need not wait for.
   */
  private FetchedConfig config(RegistryClient client, ImageRef ref, Descriptor descriptor)
      throws IOException {
    if (content.contains(descriptor.digest())) {
      return new FetchedConfig(
          content.read(descriptor.digest(), MAX_CONFIG_BYTES),
          CompletableFuture.completedFuture(null));
    }
    if (descriptor.size() > MAX_CONFIG_BYTES) {
      throw new IOException(
          "%s: image config %s is %d bytes, more than berth accepts (%d)"
              .formatted(ref, descriptor.digest(), descriptor.size(), MAX_CONFIG_BYTES));
    }
    byte[] bytes = client.fetchBlob(ref, descriptor);
    FutureTask<Void> store =
        new FutureTask<>(
            () -> {
              content.put(descriptor, bytes);
              return null;
            });
    Thread.ofPlatform().daemon().name("berth-pull-config").start(store);
    return new FetchedConfig(bytes, store);
  }

  private void pullLayers(
      RegistryClient client,
      ImageRef ref,
      List<Descriptor> layers,
      List<Digest> diffIds,
      List<Digest> chains,
      PullListener listener,
      Counters counters)
      throws IOException {
    List<CompletableFuture<Void>> committed = new ArrayList<>();
    for (int i = 0; i < layers.size(); i++) {
      committed.add(new CompletableFuture<>());
    }
    // Platform threads: a layer's download blocks in read(2) on its own thread. On virtual threads
    // the JDK parks it on a poller thread that waits in epoll for good, and the JVM's exit then
    // waits up to 300 ms for that thread to leave native code (a third of a CLI pull's tail).
    try (ExecutorService executor =
        Executors.newThreadPerTaskExecutor(
            Thread.ofPlatform().daemon().name("berth-pull-layer-", 0).factory())) {
      List<Future<?>> tasks = new ArrayList<>();
      for (int i = 0; i < layers.size(); i++) {
        int index = i;
        tasks.add(
            executor.submit(
                () -> {
                  try {
                    Layer layer =
                        new Layer(
                            ref,
                            layers.get(index),
                            diffIds.get(index),
                            chains.get(index),
                            lowers(chains, committed, index));
                    pullLayer(client, layer, listener, counters);
                    committed.get(index).complete(null);
                  } catch (Throwable t) {
                    committed.get(index).completeExceptionally(t);
                    throw t;
                  }
                  return null;
                }));
      }
      IOException failure = null;
      for (Future<?> task : tasks) {
        try {
          task.get();
        } catch (ExecutionException e) {
          if (failure == null) {
            failure = asIOException(e.getCause());
            tasks.forEach(t -> t.cancel(true));
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          tasks.forEach(t -> t.cancel(true));
          throw new IOException("pull of " + ref + " interrupted", e);
        } catch (java.util.concurrent.CancellationException e) {
          // cancelled after another layer failed
        }
      }
      if (failure != null) {
        throw failure;
      }
    }
  }

  /**
   * The snapshots below layer {@code index}, top first, as the unpacker wants them for hardlinks
   * into lower layers. Layers unpack in parallel, so a lower may not be committed yet: asking for
   * it waits for it, and only then (the unpacker asks only for a hard link that is not in its own
   * layer; a list that asked at once would unpack the layers one after the other). A layer only
   * waits on layers below it, so there is no cycle, and it waits without holding its turn.
   */
  private List<Path> lowers(
      List<Digest> chains, List<CompletableFuture<Void>> committed, int index) {
    return new AbstractList<>() {
      @Override
      public Path get(int k) {
        int lower = index - 1 - k;
        CompletableFuture<Void> done = committed.get(lower);
        if (!done.isDone()) {
          // Asked while this layer holds its turn (pullLayer): it gives the turn away while it
          // waits, since the layer below may still be waiting for one.
          parallelLayers.release();
          try {
            done.join();
          } finally {
            parallelLayers.acquireUninterruptibly();
          }
        }
        done.join(); // a lower that failed fails this one
        return snapshots.fs(chains.get(lower));
      }

      @Override
      public int size() {
        return index;
      }
    };
  }

  private void pullLayer(
      RegistryClient client, Layer layer, PullListener listener, Counters counters)
      throws IOException, InterruptedException {
    Descriptor blob = layer.blob();
    if (snapshots.exists(layer.chainId())) {
      counters.present.incrementAndGet();
      listener.present(blob.digest(), blob.size());
      return;
    }
    parallelLayers.acquire();
    try (Ingest ingest = content.ingest(blob)) {
      // Another pull may have made the snapshot while this one waited for the blob's lock.
      if (snapshots.exists(layer.chainId())) {
        counters.present.incrementAndGet();
        listener.present(blob.digest(), blob.size());
        return;
      }
      for (int attempt = 1; ; attempt++) {
        try {
          if (ingest.alreadyPresent()) {
            unpackLocal(layer, listener);
          } else {
            download(client, layer, ingest, listener, counters);
          }
          counters.pulled.incrementAndGet();
          listener.finished(blob.digest(), blob.size());
          return;
        } catch (LayerRejectedException | BlobMismatchException | LayerPullException e) {
          listener.failed(blob.digest(), blob.size());
          throw e;
        } catch (IOException e) {
          // A broken connection mid-body: the bytes so far are kept, the next attempt resumes.
          if (attempt >= ATTEMPTS_PER_LAYER || Thread.currentThread().isInterrupted()) {
            listener.failed(blob.digest(), blob.size());
            throw new IOException(
                "layer %s of %s: %s".formatted(blob.digest(), layer.ref(), e.getMessage()), e);
          }
        }
      }
    } finally {
      parallelLayers.release();
    }
  }

  private void download(
      RegistryClient client, Layer layer, Ingest ingest, PullListener listener, Counters counters)
      throws IOException {
    Descriptor blob = layer.blob();
    long offset = ingest.resumeOffset();
    SnapshotStore.Prepared prepared = snapshots.prepare();
    boolean done = false;
    try {
      listener.started(blob.digest(), blob.size(), false);
      BlobStream remote = client.openBlob(layer.ref(), blob, offset);
      long start = remote.start();
      UnpackResult result;
      try (InputStream whole = ingest.stream(start, remote.body());
          InputStream counted =
              new Progress(
                  whole, blob, listener, bytes -> counters.bytes.addAndGet(bytes), start)) {
        result =
            unpacker.unpack(
                counted, Compression.ofMediaType(blob.mediaType()), prepared.fs(), layer.lowers());
      }
      checkDiffId(layer, result, ingest);
      ingest.commit();
      snapshots.commit(prepared, layer.chainId());
      done = true;
    } catch (LayerRejectedException | LayerPullException | BlobMismatchException e) {
      ingest.discard();
      throw e;
    } finally {
      if (!done) {
        snapshots.discard(prepared);
      }
    }
  }

  private void unpackLocal(Layer layer, PullListener listener) throws IOException {
    Descriptor blob = layer.blob();
    SnapshotStore.Prepared prepared = snapshots.prepare();
    boolean done = false;
    try {
      listener.started(blob.digest(), blob.size(), true);
      UnpackResult result;
      try (InputStream in =
          new Progress(content.open(blob.digest()), blob, listener, bytes -> {}, 0)) {
        result =
            unpacker.unpack(
                in, Compression.ofMediaType(blob.mediaType()), prepared.fs(), layer.lowers());
      }
      checkDiffId(layer, result, null);
      snapshots.commit(prepared, layer.chainId());
      done = true;
    } finally {
      if (!done) {
        snapshots.discard(prepared);
      }
    }
  }

  private static void checkDiffId(Layer layer, UnpackResult result, Ingest ingest)
      throws IOException {
    if (!result.diffId().equals(layer.diffId())) {
      if (ingest != null) {
        ingest.discard();
      }
      throw new LayerPullException(
          "layer %s of %s: uncompressed content has digest %s but the image config's diff_id is %s; discarded"
              .formatted(layer.blob().digest(), layer.ref(), result.diffId(), layer.diffId()));
    }
  }

  private static Platform platformOf(ImageConfig config, Platform fallback) {
    if (config.os() == null || config.architecture() == null) {
      return fallback;
    }
    return new Platform(config.os(), config.architecture(), config.variant());
  }

  private static Instant created(ImageConfig config) {
    if (config.created() == null) {
      return null;
    }
    try {
      return Instant.parse(config.created());
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static IOException asIOException(Throwable t) {
    if (t instanceof IOException io) {
      return io;
    }
    if (t instanceof RuntimeException r) {
      throw r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    return new IOException(t.getMessage(), t);
  }

  /** An image config's bytes (verified), and the storing of them in the content store. */
  private record FetchedConfig(byte[] bytes, Future<Void> stored) {
    /**
     * Waits until the config is stored. A failure to store it is thrown; when the pull failed
     * already ({@code failure} is not null), it is added to that failure instead.
     */
    void awaitStored(Exception failure) throws IOException {
      boolean interrupted = false;
      try {
        while (true) {
          try {
            stored.get();
            return;
          } catch (InterruptedException e) {
            interrupted = true; // the store ends soon by itself: a pull leaves nothing running
          } catch (ExecutionException e) {
            IOException notStored =
                e.getCause() instanceof IOException io
                    ? io
                    : new IOException("storing the image config: " + e.getCause(), e.getCause());
            if (failure == null) {
              throw notStored;
            }
            failure.addSuppressed(notStored);
            return;
          }
        }
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  /** A layer to pull: its blob, the diffID the config expects and its snapshot's ChainID. */
  private record Layer(
      ImageRef ref, Descriptor blob, Digest diffId, Digest chainId, List<Path> lowers) {}

  private static final class Counters {
    final AtomicInteger pulled = new AtomicInteger();
    final AtomicInteger present = new AtomicInteger();
    final AtomicLong bytes = new AtomicLong();
  }

  /** The result of a pull before it is recorded in the catalogue. */
  record Pulled(Image image, int layersPulled, int layersPresent, long bytesDownloaded) {}

  /** Reports bytes read to the listener, at most every 256 KiB, and counts downloaded bytes. */
  private static final class Progress extends FilterInputStream {
    private final Descriptor blob;
    private final PullListener listener;
    private final java.util.function.LongConsumer downloaded;
    private final long resumedFrom;
    private long read;
    private long reported;

    Progress(
        InputStream in,
        Descriptor blob,
        PullListener listener,
        java.util.function.LongConsumer downloaded,
        long resumedFrom) {
      super(in);
      this.blob = blob;
      this.listener = listener;
      this.downloaded = downloaded;
      this.resumedFrom = resumedFrom;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        counted(1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        counted(n);
      }
      return n;
    }

    private void counted(int n) {
      long before = read;
      read += n;
      if (read > resumedFrom) {
        downloaded.accept(read - Math.max(before, resumedFrom));
      }
      if (read - reported >= 256 << 10 || read == blob.size()) {
        reported = read;
        listener.progressed(blob.digest(), read, blob.size());
      }
    }
  }
}
