package io.berth.api.server;

import io.berth.api.Images;
import io.berth.api.PullRequest;

/**
 * {@code /v1/images}. An image is named in the path by its reference, digest or id prefix as one
 * percent-encoded segment: {@code /v1/images/docker.io%2Flibrary%2Fbusybox%3Alatest}.
 */
final class ImageRoutes implements Resource {
  private final Images images;

  ImageRoutes(Images images) {
    this.images = images;
  }

  @Override
  public void addTo(Routes routes) {
    routes
        .add("GET /v1/images", ex -> ex.json(images.list()))
        .add("GET /v1/images/{name}", ex -> ex.json(images.inspect(ex.param("name"))))
        .add("POST /v1/images/pull", this::pull)
        .add(
            "DELETE /v1/images/{name}?force",
            ex -> ex.json(images.remove(ex.param("name"), ex.query().flag("force"))))
        .add("POST /v1/images/prune", ex -> ex.json(images.prune()));
  }

  private void pull(Exchange exchange) throws Exception {
    PullRequest request = exchange.body(PullRequest.class);
    exchange.stream(stream -> images.pull(request, stream::progress));
  }
}
