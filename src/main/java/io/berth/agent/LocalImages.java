package io.berth.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.api.ApiException;
import io.berth.api.ImageDetails;
import io.berth.api.ImageSummary;
import io.berth.api.Images;
import io.berth.api.LayerProgress;
import io.berth.api.LayerProgress.Phase;
import io.berth.api.PruneResult;
import io.berth.api.PullProgress;
import io.berth.api.PullRequest;
import io.berth.api.PullResult;
import io.berth.api.RemoveResult;
import io.berth.image.Image;
import io.berth.image.ImageService;
import io.berth.image.PullListener;
import io.berth.image.PullOutcome;
import io.berth.image.registry.RegistryClient;
import io.berth.runtime.ContainerRuntime;
import io.berth.spec.Digest;
import io.berth.spec.ImageRef;
import io.berth.spec.Json;
import io.berth.spec.Platform;
import java.io.IOException;
import java.util.List;

/** The images resource, served by this host's {@link ImageService}. */
final class LocalImages implements Images {
  private final ImageService service;
  private final Registries registries;
  private final ContainerRuntime runtime;

  LocalImages(ImageService service, Registries registries, ContainerRuntime runtime) {
    this.service = service;
    this.registries = registries;
    this.runtime = runtime;
  }

  @Override
  public PullResult pull(PullRequest request, PullProgress progress) {
    ImageRef ref = Failures.parseReference(request.reference());
    Platform platform;
    try {
      platform = request.platform() == null ? Platform.host() : Platform.parse(request.platform());
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
    try {
      RegistryClient client = registries.client(ref, request.tlsVerify());
      PullOutcome outcome =
          service.pull(client, ref, platform, request.platform() != null, listener(progress));
      Image image = outcome.image();
      return new PullResult(
          ref.toString(),
          image.repoDigest().toString(),
          image.manifestDigest().toString(),
          image.configDigest().toString(),
          image.platform().toString(),
          outcome.layersPulled(),
          outcome.layersPresent(),
          outcome.bytesDownloaded(),
          outcome.updated());
    } catch (IOException | RuntimeException e) {
      throw Failures.translate("pull " + ref, e);
    }
  }

  private static PullListener listener(PullProgress progress) {
    return new PullListener() {
      @Override
      public void started(Digest blob, long size, boolean local) {
        progress.update(
            new LayerProgress(blob.toString(), local ? Phase.UNPACKING : Phase.PULLING, 0, size));
      }

      @Override
      public void progressed(Digest blob, long bytes, long size) {
        progress.update(new LayerProgress(blob.toString(), Phase.PULLING, bytes, size));
      }

      @Override
      public void present(Digest blob, long size) {
        progress.update(new LayerProgress(blob.toString(), Phase.EXISTS, size, size));
      }

      @Override
      public void finished(Digest blob, long size) {
        progress.update(new LayerProgress(blob.toString(), Phase.DONE, size, size));
      }

      @Override
      public void failed(Digest blob, long size) {
        progress.update(new LayerProgress(blob.toString(), Phase.FAILED, 0, size));
      }
    };
  }

  @Override
  public List<ImageSummary> list() {
    try {
      return service.list().stream().map(LocalImages::summary).toList();
    } catch (IOException | RuntimeException e) {
      throw Failures.translate("list images", e);
    }
  }

  @Override
  public ImageDetails inspect(String name) {
    try {
      Image image =
          service
              .find(name)
              .orElseThrow(
                  () -> ApiException.notFound("no image '%s' on this host".formatted(name)));
      JsonNode config = Json.lenient().readTree(service.config(image));
      return new ImageDetails(
          summary(image),
          image.mediaType(),
          image.layers().stream()
              .map(
                  l ->
                      new ImageDetails.Layer(
                          l.blob().toString(),
                          l.mediaType(),
                          l.size(),
                          l.diffId().toString(),
                          l.chainId().toString()))
              .toList(),
          config);
    } catch (IOException | RuntimeException e) {
      throw Failures.translate("inspect " + name, e);
    }
  }

  @Override
  public RemoveResult remove(String name, boolean force) {
    try {
      Image image =
          service
              .find(name)
              .orElseThrow(
                  () -> ApiException.notFound("no image '%s' on this host".formatted(name)));
      if (runtime.usesImage(image) && image.refs().size() <= 1) {
        throw ApiException.conflict(
            "image %s is used by a container; remove the container first ('berth ps -a' lists them)"
                .formatted(name));
      }
      ImageService.Removal removal = service.remove(name, force);
      return new RemoveResult(removal.untagged(), removal.deleted());
    } catch (IOException | RuntimeException e) {
      throw Failures.translate("remove " + name, e);
    }
  }

  @Override
  public PruneResult prune() {
    try {
      ImageService.Pruning pruning = service.prune(image -> usedByContainer(image));
      return new PruneResult(
          pruning.images(), pruning.blobs(), pruning.snapshots(), pruning.bytesFreed());
    } catch (IOException | RuntimeException e) {
      throw Failures.translate("prune", e);
    }
  }

  private boolean usedByContainer(Image image) {
    try {
      return runtime.usesImage(image);
    } catch (IOException e) {
      return true; // when in doubt, keep it
    }
  }

  static ImageSummary summary(Image image) {
    return new ImageSummary(
        image.configDigest().toString(),
        image.repoDigest().toString(),
        image.manifestDigest().toString(),
        image.refs().stream().map(ImageRef::toString).toList(),
        image.platform().toString(),
        image.size(),
        image.created(),
        image.pulled());
  }
}
