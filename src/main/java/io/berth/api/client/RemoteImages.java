package io.berth.api.client;

import com.fasterxml.jackson.core.type.TypeReference;
import io.berth.api.ImageDetails;
import io.berth.api.ImageSummary;
import io.berth.api.Images;
import io.berth.api.PruneResult;
import io.berth.api.PullProgress;
import io.berth.api.PullRequest;
import io.berth.api.PullResult;
import io.berth.api.RemoveResult;
import java.util.List;

/** {@code /v1/images} over HTTP. */
final class RemoteImages implements Images {
  private final ApiCalls calls;

  RemoteImages(ApiCalls calls) {
    this.calls = calls;
  }

  @Override
  public PullResult pull(PullRequest request, PullProgress progress) {
    return calls.stream(
        "POST",
        Target.of("/v1/images/pull"),
        request,
        ApiCalls.ResultReader.as(new TypeReference<PullResult>() {}),
        frame -> {
          if (frame.progress() != null) {
            progress.update(frame.progress());
          }
        });
  }

  @Override
  public List<ImageSummary> list() {
    return calls.call("GET", Target.of("/v1/images"), null, new TypeReference<>() {});
  }

  @Override
  public ImageDetails inspect(String name) {
    return calls.call("GET", Target.of("/v1/images/{}", name), null, new TypeReference<>() {});
  }

  @Override
  public RemoveResult remove(String name, boolean force) {
    return calls.call(
        "DELETE",
        Target.of("/v1/images/{}", name).flag("force", force),
        null,
        new TypeReference<>() {});
  }

  @Override
  public PruneResult prune() {
    return calls.call("POST", Target.of("/v1/images/prune"), null, new TypeReference<>() {});
  }
}
