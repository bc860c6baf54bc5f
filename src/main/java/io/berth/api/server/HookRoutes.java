package io.berth.api.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.api.ApiException;
import io.berth.api.Berth;
import io.berth.api.RegistryPush;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code POST /v1/hooks/registry}: the notification webhook of the CNCF registry (distribution's
 * {@code notifications.endpoints}). It posts an envelope of events ({@code
 * application/vnd.docker.distribution.events.v1+json}); each {@code push} of a manifest names the
 * repository, the tag and the digest. Services that follow one of them check at once.
 */
final class HookRoutes implements Resource {
  private final Berth berth;

  HookRoutes(Berth berth) {
    this.berth = berth;
  }

  @Override
  public void addTo(Routes routes) {
    routes.add("POST /v1/hooks/registry", this::registry);
  }

  private void registry(Exchange exchange) throws Exception {
    JsonNode envelope = exchange.body(JsonNode.class);
    JsonNode events = envelope == null ? null : envelope.get("events");
    if (events == null || !events.isArray()) {
      throw ApiException.badRequest("a registry notification is an object with an 'events' list");
    }
    Set<String> asked = new LinkedHashSet<>();
    List<RegistryPush> pushes = new ArrayList<>();
    for (JsonNode event : events) {
      if (!"push".equals(event.path("action").asText())) {
        continue;
      }
      JsonNode target = event.path("target");
      String mediaType = target.path("mediaType").asText("");
      if (!mediaType.contains("manifest") && !mediaType.contains("index")) {
        continue; // blob pushes come before the manifest; only the manifest says "new version"
      }
      String repository = target.path("repository").asText(null);
      if (repository == null) {
        continue;
      }
      String tag = target.hasNonNull("tag") ? target.get("tag").asText() : null;
      String host = event.path("request").path("host").asText(null);
      pushes.add(new RegistryPush(host, repository, tag, target.path("digest").asText(null)));
    }
    for (RegistryPush push : pushes) {
      asked.addAll(berth.services().pushed(push));
    }
    exchange.json(java.util.Map.of("services", List.copyOf(asked)));
  }
}
