package io.berth.api.client;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.berth.api.ApiException;
import io.berth.api.Change;
import io.berth.api.ContainerDetails;
import io.berth.api.ContainerFile;
import io.berth.api.ContainerStats;
import io.berth.api.ContainerStatus;
import io.berth.api.ContainerSummary;
import io.berth.api.Containers;
import io.berth.api.CreateContainer;
import io.berth.api.ExecRequest;
import io.berth.api.ExitResult;
import io.berth.api.LogQuery;
import io.berth.api.LogSink;
import io.berth.api.PullProgress;
import io.berth.api.RunWatcher;
import io.berth.api.WaitCondition;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

/** {@code /v1/containers} over HTTP. */
final class RemoteContainers implements Containers {
  private final ApiCalls calls;

  RemoteContainers(ApiCalls calls) {
    this.calls = calls;
  }

  @Override
  public ContainerDetails create(CreateContainer request, PullProgress progress) {
    return calls.stream(
        "POST",
        Target.of("/v1/containers"),
        request,
        ApiCalls.ResultReader.as(new TypeReference<ContainerDetails>() {}),
        frame -> {
          if (frame.progress() != null) {
            progress.update(frame.progress());
          }
        });
  }

  @Override
  public ExitResult run(CreateContainer request, RunWatcher watcher) {
    return calls.stream(
        "POST",
        Target.of("/v1/containers").flag("attach", true),
        request,
        ApiCalls.ResultReader.EXIT_RESULT,
        frame -> {
          if (frame.progress() != null) {
            watcher.update(frame.progress());
          } else if (frame.container() != null) {
            watcher.started(frame.container());
          } else if (frame.line() != null) {
            watcher.line(frame.line());
          }
        });
  }

  @Override
  public ContainerDetails start(String id) {
    return calls.call(
        "POST", Target.of("/v1/containers/{}/start", id), null, new TypeReference<>() {});
  }

  @Override
  public List<ContainerSummary> list(boolean all) {
    return calls.call(
        "GET", Target.of("/v1/containers").flag("all", all), null, new TypeReference<>() {});
  }

  @Override
  public ContainerDetails inspect(String id) {
    return calls.call("GET", Target.of("/v1/containers/{}", id), null, new TypeReference<>() {});
  }

  @Override
  public ContainerDetails stop(String id, Duration timeout, boolean noKill) {
    return calls.call(
        "POST",
        Target.of("/v1/containers/{}/stop", id)
            .query("timeout", seconds(timeout))
            .flag("noKill", noKill),
        null,
        new TypeReference<>() {});
  }

  @Override
  public void kill(String id, String signal) {
    calls.call(
        "POST",
        Target.of("/v1/containers/{}/kill", id).query("signal", signal),
        null,
        new TypeReference<JsonNode>() {});
  }

  @Override
  public void remove(String id, boolean force) {
    calls.call(
        "DELETE",
        Target.of("/v1/containers/{}", id).flag("force", force),
        null,
        new TypeReference<JsonNode>() {});
  }

  @Override
  public ExitResult await(String id, Duration timeout, WaitCondition condition) {
    return calls.call(
        "POST",
        Target.of("/v1/containers/{}/wait", id)
            .query("timeout", seconds(timeout))
            .query("condition", condition == WaitCondition.NOT_RUNNING ? null : condition.text()),
        null,
        new TypeReference<>() {});
  }

  @Override
  public void logs(String id, LogQuery query, LogSink sink) {
    calls.stream(
        "GET",
        Target.of("/v1/containers/{}/logs", id)
            .flag("follow", query.follow())
            .query("tail", query.tail() < 0 ? null : query.tail())
            .query("since", query.since())
            .flag("timestamps", query.timestamps()),
        null,
        ApiCalls.ResultReader.as(new TypeReference<JsonNode>() {}),
        frame -> {
          if (frame.line() != null) {
            sink.line(frame.line());
          }
        });
  }

  @Override
  public ExitResult exec(String id, ExecRequest request, LogSink output) {
    return calls.stream(
        "POST",
        Target.of("/v1/containers/{}/exec", id),
        request,
        ApiCalls.ResultReader.EXIT_RESULT,
        frame -> {
          if (frame.line() != null) {
            output.line(frame.line());
          }
        });
  }

  @Override
  public List<Change> changes(String id) {
    return calls.call(
        "GET", Target.of("/v1/containers/{}/changes", id), null, new TypeReference<>() {});
  }

  @Override
  public ContainerStats stats(String id) {
    return calls.call(
        "GET", Target.of("/v1/containers/{}/stats", id), null, new TypeReference<>() {});
  }

  @Override
  public ContainerStatus state(String id) {
    return calls.call(
        "GET", Target.of("/v1/containers/{}/state", id), null, new TypeReference<>() {});
  }

  @Override
  public List<ContainerFile> listFiles(String id, String path) {
    return calls.call(
        "GET",
        Target.of("/v1/containers/{}/files", id).query("path", path),
        null,
        new TypeReference<>() {});
  }

  @Override
  public byte[] script(String id) {
    return bytes(Target.of("/v1/containers/{}/script", id));
  }

  @Override
  public byte[] readFile(String id, String path) {
    if (path == null || !path.startsWith("/")) {
      throw ApiException.badRequest(
          "a path in a container is absolute (starts with /), not '%s'".formatted(path));
    }
    return bytes(Target.ofPath(Target.of("/v1/containers/{}/files", id).toString(), path));
  }

  @Override
  public byte[] readFile(String id, String directory, int index) {
    return bytes(
        Target.of("/v1/containers/{}/files", id).query("path", directory).query("index", index));
  }

  @Override
  public void archive(String id, java.io.OutputStream out) {
    calls.download("GET", Target.of("/v1/containers/{}/archive", id), out);
  }

  private byte[] bytes(Target target) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    calls.download("GET", target, out);
    return out.toByteArray();
  }

  /** Seconds with up to millisecond precision ({@code 1.5}); null stays null (the default). */
  private static String seconds(Duration duration) {
    if (duration == null) {
      return null;
    }
    return BigDecimal.valueOf(duration.toMillis())
        .movePointLeft(3)
        .stripTrailingZeros()
        .toPlainString();
  }
}
