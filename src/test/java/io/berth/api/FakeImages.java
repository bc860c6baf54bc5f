package io.berth.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.berth.api.ApiException.Kind;
import io.berth.api.LayerProgress.Phase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * Images in memory. Pulling {@code fail/<slug>} throws that kind at once; {@code fail-late/<slug>}
 * after the first progress. Any other reference is pulled in two layers.
 */
public final class FakeImages implements Images {
  private final Map<String, ImageSummary> byReference = new TreeMap<>();
  private final List<Boolean> virtualThreads = new CopyOnWriteArrayList<>();
  private volatile Gate pullGate;
  private volatile Predicate<String> inUse = ref -> false;

  /** The next pull stops after its first progress until the gate opens. */
  public Gate holdNextPull() {
    Gate gate = new Gate();
    pullGate = gate;
    return gate;
  }

  /** Whether each call so far ran on a virtual thread. */
  public List<Boolean> virtualThreads() {
    return List.copyOf(virtualThreads);
  }

  void inUseWhen(Predicate<String> inUse) {
    this.inUse = inUse;
  }

  /** An ApiException of the kind whose slug ends {@code reference}, or null. */
  static ApiException failureFor(String action, String reference) {
    for (Kind kind : Kind.values()) {
      if (reference.endsWith("/" + kind.slug())) {
        return new ApiException(kind, action + " " + reference + ": the fake fails with " + kind);
      }
    }
    return null;
  }

  @Override
  public PullResult pull(PullRequest request, PullProgress progress) {
    virtualThreads.add(Thread.currentThread().isVirtual());
    String raw = request.reference();
    if (raw.startsWith("fail/")) {
      throw failureFor("pull", raw);
    }
    String ref = normalise(raw);
    String layerA = digest(ref + "#a");
    String layerB = digest(ref + "#b");
    progress.update(new LayerProgress(layerA, Phase.WAITING, 0, 100));
    Gate gate = pullGate;
    pullGate = null;
    if (gate != null) {
      gate.pass();
    }
    if (raw.startsWith("fail-late/")) {
      throw failureFor("pull", raw);
    }
    progress.update(new LayerProgress(layerA, Phase.PULLING, 50, 100));
    progress.update(new LayerProgress(layerA, Phase.DONE, 100, 100));
    progress.update(new LayerProgress(layerB, Phase.EXISTS, 10, 10));
    String id = digest(ref + "#config");
    boolean updated =
        store(
            new ImageSummary(
                id,
                digest(ref),
                digest(ref),
                List.of(ref),
                request.platform() == null ? "linux/amd64" : request.platform(),
                110,
                Instant.parse("2025-01-01T00:00:00Z"),
                Instant.parse("2025-06-01T12:00:00Z")));
    return new PullResult(
        ref,
        digest(ref),
        digest(ref),
        id,
        request.platform() == null ? "linux/amd64" : request.platform(),
        1,
        1,
        100,
        updated);
  }

  private synchronized boolean store(ImageSummary image) {
    return byReference.put(image.references().getFirst(), image) == null;
  }

  @Override
  public synchronized List<ImageSummary> list() {
    virtualThreads.add(Thread.currentThread().isVirtual());
    return List.copyOf(byReference.values());
  }

  @Override
  public synchronized ImageDetails inspect(String name) {
    if (name.equals("crash")) {
      throw new IllegalStateException("the fake crashed on a secret detail");
    }
    ApiException failure = failureFor("inspect", name);
    if (name.startsWith("fail/") && failure != null) {
      throw failure;
    }
    ImageSummary image = find(name);
    return new ImageDetails(
        image,
        "application/vnd.oci.image.manifest.v1+json",
        List.of(
            new ImageDetails.Layer(
                digest(image.references().getFirst() + "#a"),
                "application/vnd.oci.image.layer.v1.tar+gzip",
                100,
                digest("diff-a"),
                digest("chain-a"))),
        JsonNodeFactory.instance.objectNode().put("architecture", "amd64"));
  }

  @Override
  public synchronized RemoveResult remove(String name, boolean force) {
    ImageSummary image = find(name);
    String ref = image.references().getFirst();
    if (inUse.test(ref) && !force) {
      throw ApiException.conflict("image " + ref + " is used by a container; remove it first");
    }
    byReference.remove(ref);
    return new RemoveResult(List.of(ref), List.of(image.manifestDigest()));
  }

  @Override
  public synchronized PruneResult prune() {
    List<String> unused = new ArrayList<>();
    for (String ref : byReference.keySet()) {
      if (!inUse.test(ref)) {
        unused.add(ref);
      }
    }
    unused.forEach(byReference::remove);
    return new PruneResult(
        unused.size(), unused.size() * 2, unused.size() * 2, unused.size() * 110L);
  }

  synchronized boolean has(String reference) {
    return byReference.containsKey(normalise(reference));
  }

  private ImageSummary find(String name) {
    ImageSummary exact = byReference.get(normalise(name));
    if (exact != null) {
      return exact;
    }
    List<ImageSummary> matches =
        byReference.values().stream()
            .filter(i -> i.id().startsWith("sha256:" + name) || i.id().startsWith(name))
            .toList();
    if (matches.size() > 1) {
      throw ApiException.badRequest("'" + name + "' names more than one image; say more");
    }
    if (matches.isEmpty()) {
      throw ApiException.notFound("no image '" + name + "' on this host");
    }
    return matches.getFirst();
  }

  static String normalise(String reference) {
    if (reference.isBlank() || !reference.equals(reference.toLowerCase(Locale.ROOT))) {
      throw ApiException.badRequest("invalid reference '" + reference + "'");
    }
    return reference.contains(":") || reference.contains("@") ? reference : reference + ":latest";
  }

  static String digest(String seed) {
    byte[] bytes = new byte[32];
    byte[] text = seed.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    for (int i = 0; i < text.length; i++) {
      bytes[i % 32] = (byte) (bytes[i % 32] * 31 + text[i]);
    }
    return "sha256:" + HexFormat.of().formatHex(bytes);
  }
}
