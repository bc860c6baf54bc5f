package io.berth.api.client;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.berth.api.ApiException;
import io.berth.api.Kv;
import io.berth.api.KvDeleted;
import io.berth.api.KvEntry;
import io.berth.api.KvEventSink;
import io.berth.api.KvListing;
import io.berth.api.KvLoadResult;
import io.berth.api.KvTree;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** {@code /v1/kv} over HTTP. */
final class RemoteKv implements Kv {
  private static final String BASE = "/v1/kv";

  private final ApiCalls calls;

  RemoteKv(ApiCalls calls) {
    this.calls = calls;
  }

  // Over HTTP every path is absolute; a relative one is refused as the store refuses it.
  private static Target target(String path) {
    if (path == null || !path.startsWith("/")) {
      throw ApiException.badRequest(
          "invalid config path '%s': it must be absolute (start with '/')".formatted(path));
    }
    return Target.ofPath(BASE, path);
  }

  @Override
  public KvEntry get(String key, boolean reveal) {
    return calls.call("GET", target(key).flag("reveal", reveal), null, new TypeReference<>() {});
  }

  @Override
  public KvListing list(String directory) {
    String path = directory.endsWith("/") ? directory : directory + "/";
    return calls.call("GET", target(path), null, new TypeReference<>() {});
  }

  @Override
  public KvTree tree(String directory, boolean reveal) {
    return calls.call(
        "GET",
        target(directory).flag("recurse", true).flag("reveal", reveal),
        null,
        new TypeReference<>() {});
  }

  @Override
  public KvEntry put(String key, JsonNode value, boolean secret, Long cas) {
    return calls.call(
        "PUT",
        target(key).flag("secret", secret).query("cas", cas),
        value,
        new TypeReference<>() {});
  }

  @Override
  public KvDeleted delete(String key, Long cas) {
    return calls.call("DELETE", target(key).query("cas", cas), null, new TypeReference<>() {});
  }

  @Override
  public KvDeleted deleteTree(String directory) {
    return calls.call(
        "DELETE", target(directory).flag("recurse", true), null, new TypeReference<>() {});
  }

  @Override
  public String dumpDconf(String directory, boolean reveal) {
    return calls.text("GET", target(directory).query("format", "dconf").flag("reveal", reveal));
  }

  @Override
  public KvLoadResult loadDconf(String directory, String text) {
    return calls.callWith(
        "POST",
        target(directory).query("format", "dconf"),
        text.getBytes(StandardCharsets.UTF_8),
        "text/plain;charset=utf-8",
        new TypeReference<>() {});
  }

  @Override
  public void watch(String path, long since, KvEventSink sink) {
    try {
      calls.stream(
          "GET",
          target(path).flag("watch", true).query("since", since),
          null,
          ApiCalls.ResultReader.as(new TypeReference<Map<String, Object>>() {}),
          frame -> {
            if (frame.event() != null && !sink.event(frame.event())) {
              throw new Stop();
            }
          });
    } catch (Stop stop) {
      // the sink has seen enough: closing the connection ends the watch on the agent
    }
  }

  /** Ends a watch from inside its stream. */
  private static final class Stop extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Stop() {
      super(null, null, false, false);
    }
  }
}
