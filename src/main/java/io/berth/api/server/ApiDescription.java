package io.berth.api.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.api.AgentEvent;
import io.berth.api.ConfigStatus;
import io.berth.api.ContainerDetails;
import io.berth.api.ContainerFile;
import io.berth.api.ContainerStats;
import io.berth.api.ContainerStatus;
import io.berth.api.ContainerSummary;
import io.berth.api.CreateContainer;
import io.berth.api.ExecRequest;
import io.berth.api.ExitResult;
import io.berth.api.ImageDetails;
import io.berth.api.ImageSummary;
import io.berth.api.KvDeleted;
import io.berth.api.KvEntry;
import io.berth.api.KvLoadResult;
import io.berth.api.PruneResult;
import io.berth.api.PullRequest;
import io.berth.api.PullResult;
import io.berth.api.RemoveResult;
import io.berth.api.ServiceHistory;
import io.berth.api.ServiceInfo;
import io.berth.api.StreamFrame;
import io.berth.api.VersionInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the route table cannot say about each route: a summary, the request body and the answer. The
 * OpenAPI document is made of the table and this; a test keeps the two in step, so a route without
 * a description here, or a description without its route, fails the build.
 */
final class ApiDescription {
  /** Query parameters that are flags: {@code ?force}, {@code ?force=true}. */
  static final Set<String> FLAGS =
      Set.of(
          "all",
          "attach",
          "force",
          "noKill",
          "follow",
          "timestamps",
          "recurse",
          "reveal",
          "watch",
          "secret",
          "notices");

  /** Query parameters that are whole numbers. */
  static final Set<String> INTEGERS = Set.of("index", "limit", "cas");

  /**
   * Routes that also take {@code multipart/form-data}: the JSON body as the {@code container} part,
   * and these file parts ({@link CreateUpload}).
   */
  static final Map<String, List<String>> UPLOADS =
      Map.of("POST /v1/containers", List.of("script", "data"));

  /** What a route answers with when it succeeds. */
  sealed interface Answer {
    /** One JSON document of this type ({@code list}: an array of them). */
    record Json(Class<?> type, boolean list) implements Answer {}

    /** An NDJSON stream of {@link StreamFrame}s ending with a result of this type. */
    record Stream(Class<?> result) implements Answer {}

    /** Server-sent events, each an {@link AgentEvent}. */
    record Events() implements Answer {}

    /** A body of this media type. */
    record Body(String mediaType) implements Answer {}

    /** 204, no body. */
    record NoContent() implements Answer {}
  }

  /**
   * One route's description.
   *
   * @param body the JSON request body's type; null when the route takes none
   */
  record Operation(String summary, String description, Class<?> body, Answer answer) {}

  private static final Map<String, Operation> OPERATIONS = new LinkedHashMap<>();

  static {
    // system
    op("GET /v1/version", "The agent's version", null, json(VersionInfo.class));
    op("GET /v1/_ping", "Whether the agent answers: OK", null, body("text/plain"));
    op(
        "GET /v1/openapi.json",
        "This document",
        null,
        new Answer.Body("application/vnd.oai.openapi+json"));
    op("GET /metrics", "Prometheus metrics of the agent", null, body("text/plain"));
    op(
        "GET /v1/events",
        "The agent's events, as server-sent events",
        """
        Each message has `id:` (the event's sequence; none for a notice), `event:` (its type) and \
        `data:` (the event as JSON). `since=SEQ` or a `Last-Event-ID` header replays the kept \
        events after SEQ first, then goes on live. `type` (repeatable) keeps events whose type \
        starts with one of the values; `service` and `container` keep events about one; \
        `notices=true` adds events that are delivered but not kept (sequence 0). A comment line \
        is sent every 15 seconds of silence. A failure after the stream began is an `error` event \
        whose data is a problem document.""",
        null,
        new Answer.Events());
    // images
    op("GET /v1/images", "The images", null, list(ImageSummary.class));
    op("GET /v1/images/{name}", "An image by reference or id", null, json(ImageDetails.class));
    op(
        "POST /v1/images/pull",
        "Pulls an image",
        "A stream of `progress` frames, then the `result`.",
        PullRequest.class,
        new Answer.Stream(PullResult.class));
    op("DELETE /v1/images/{name}", "Removes an image", null, json(RemoveResult.class));
    op("POST /v1/images/prune", "Removes what no image uses", null, json(PruneResult.class));
    // containers
    op(
        "GET /v1/containers",
        "The containers (running ones unless all)",
        null,
        list(ContainerSummary.class));
    op(
        "POST /v1/containers",
        "Creates a container",
        "A stream of pull `progress`, then the `result`: the container's details. With `attach`, "
            + "it runs in the foreground: `container` once started, its output as `line` frames, "
            + "and how it ended as the `result`. BoatLoad's extras: a `script` (base64 `content` or "
            + "a `url`) placed at `/.berth/NAME` and run with `command` as its arguments, and a "
            + "`data` archive (tar, tar.gz or zip; base64 `content` or a `url`) unpacked into "
            + "`data.path` before the container starts; a bad archive or an unreachable URL leaves "
            + "nothing behind. As `multipart/form-data`, the request is the `container` part (JSON) "
            + "and the script and the archive are uploaded as the `script` and `data` parts "
            + "(`curl -F 'container={...};type=application/json' -F script=@run.sh -F "
            + "data=@site.tar.gz`); the script takes the upload's file name unless `script.name` "
            + "is given, and an uploaded archive needs `data.path`. Limits: 1 MiB for the script, "
            + "64 MiB for the archive.",
        CreateContainer.class,
        new Answer.Stream(ContainerDetails.class));
    op(
        "GET /v1/containers/{id}",
        "A container, by id, id prefix or name",
        null,
        json(ContainerDetails.class));
    op("DELETE /v1/containers/{id}", "Removes a container", null, new Answer.NoContent());
    op("POST /v1/containers/{id}/start", "Starts a container", null, json(ContainerDetails.class));
    op(
        "POST /v1/containers/{id}/stop",
        "Stops a container: its stop signal, then KILL after timeout seconds",
        null,
        json(ContainerDetails.class));
    op("POST /v1/containers/{id}/kill", "Sends a signal", null, new Answer.NoContent());
    op("POST /v1/containers/{id}/wait", "Waits until it ends", null, json(ExitResult.class));
    op(
        "GET /v1/containers/{id}/logs",
        "Its output",
        "A stream of `line` frames, then a `result`.",
        null,
        new Answer.Stream(JsonNode.class));
    op(
        "POST /v1/containers/{id}/exec",
        "Runs a command in it",
        "A stream of `line` frames, then the `result`: how the command ended.",
        ExecRequest.class,
        new Answer.Stream(ExitResult.class));
    op(
        "GET /v1/containers/{id}/changes",
        "Files added (A), changed (C) and deleted (D) in its writable layer",
        null,
        list(io.berth.api.Change.class));
    op(
        "GET /v1/containers/{id}/stats",
        "CPU, memory, pids and I/O",
        null,
        json(ContainerStats.class));
    op(
        "GET /v1/containers/{id}/script",
        "The script the container was created with (BoatLoad's /script); 404 without one",
        null,
        body("text/plain"));
    op(
        "GET /v1/containers/{id}/state",
        "berth's record and runc's state, in one document",
        null,
        json(ContainerStatus.class));
    op(
        "GET /v1/containers/{id}/files",
        "A directory of a running container (path, default /); with index, that entry's content",
        "Paths are absolute and may not climb with `..`; symbolic links resolve inside the "
            + "container. With `index=N` the answer is the content of entry N of the listing "
            + "(application/octet-stream), as BoatLoad's filebynum.",
        null,
        list(ContainerFile.class));
    op(
        "GET /v1/containers/{id}/files/{path}",
        "One regular file of a running container (at most 16 MiB)",
        "The path may span several segments: /files/etc/hostname.",
        null,
        body("application/octet-stream"));
    op(
        "GET /v1/containers/{id}/archive",
        "A tar.gz of its writable layer's changes, deletions as .wh. whiteouts",
        null,
        body("application/gzip"));
    // services
    op("GET /v1/services", "The services", null, list(ServiceInfo.class));
    op("GET /v1/services/{name}", "A service", null, json(ServiceInfo.class));
    op(
        "POST /v1/services/{name}/{action}",
        "start, stop, restart, upgrade or rollback a service",
        null,
        json(ServiceInfo.class));
    op("GET /v1/services/{name}/history", "A service's past", null, list(ServiceHistory.class));
    op(
        "POST /v1/services/{name}/maintenance/{mode}",
        "Maintenance on or off for a service",
        null,
        json(ServiceInfo.class));
    op(
        "POST /v1/maintenance/{mode}",
        "Maintenance on, off or toggle for every service; the services changed",
        null,
        json(JsonNode.class));
    op("POST /v1/services/{name}/signal", "Signals a service's tasks", null, json(JsonNode.class));
    op(
        "POST /v1/services/{name}/tasks/{task}/{action}",
        "Acts on one task of a service",
        null,
        json(ServiceInfo.class));
    op("GET /v1/config", "The configuration in effect", null, json(ConfigStatus.class));
    op("POST /v1/config/reload", "Reloads the configuration", null, json(ConfigStatus.class));
    op(
        "POST /v1/auth/login",
        "A user and password for a bearer token (on the TCP listener only; rate-limited per client)",
        null,
        json(JsonNode.class));
    op(
        "POST /v1/hooks/registry",
        "A registry's push notification: services that follow the tag upgrade",
        null,
        json(JsonNode.class));
    // discovery
    op(
        "GET /v1/discovery",
        "Every instance registered in service discovery",
        null,
        list(io.berth.api.ServiceInstance.class));
    op(
        "GET /v1/discovery/{service}",
        "The instances of one service",
        null,
        list(io.berth.api.ServiceInstance.class));
    // the configuration store
    op(
        "GET /v1/kv/{path}",
        "A key, a directory (path ending with /), a tree (recurse), a dconf dump, or a watch",
        "See docs/kv.md. The path may span several segments.",
        null,
        json(KvEntry.class));
    op("PUT /v1/kv/{path}", "Writes a key; the body is its JSON value", null, json(KvEntry.class));
    op("DELETE /v1/kv/{path}", "Removes a key or a tree", null, json(KvDeleted.class));
    op(
        "POST /v1/kv/{path}",
        "Loads a dconf dump (format=dconf) into a directory",
        null,
        json(KvLoadResult.class));
  }

  private ApiDescription() {}

  /** The description of the route {@code "METHOD /path"} (OpenAPI's spelling), or null. */
  static Operation of(String route) {
    return OPERATIONS.get(route);
  }

  /** Every route described, as {@code "METHOD /path"}. */
  static Set<String> described() {
    return Set.copyOf(OPERATIONS.keySet());
  }

  private static void op(String route, String summary, Class<?> body, Answer answer) {
    op(route, summary, null, body, answer);
  }

  private static void op(
      String route, String summary, String description, Class<?> body, Answer answer) {
    if (OPERATIONS.put(route, new Operation(summary, description, body, answer)) != null) {
      throw new IllegalStateException("described twice: " + route);
    }
  }

  private static Answer json(Class<?> type) {
    return new Answer.Json(type, false);
  }

  private static Answer list(Class<?> type) {
    return new Answer.Json(type, true);
  }

  private static Answer body(String mediaType) {
    return new Answer.Body(mediaType);
  }
}
