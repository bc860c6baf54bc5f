package io.berth.api;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One line of a streamed response ({@code application/x-ndjson}): progress or output while an
 * operation runs, then exactly one last frame with its result or the problem that ended it. Each
 * frame has one member set. Blank lines are keep-alives and carry nothing.
 *
 * <pre>
 * {"progress":{"digest":"sha256:…","phase":"PULLING","bytes":32768,"total":1081344}}
 * {"container":{"id":"…","name":"…","state":"running",…}}
 * {"line":{"time":"2025-01-01T12:00:00Z","stream":"stdout","text":"hello","partial":false}}
 * {"event":{"type":"changed","path":"/app/port","revision":7,"entry":{…}}}
 * {"result":{…}}
 * {"problem":{"type":"https://berth.io/problems/not-found","title":"Not found",…}}
 * </pre>
 */
public record StreamFrame(
    LayerProgress progress,
    LogLine line,
    ContainerSummary container,
    KvEvent event,
    JsonNode result,
    Problem problem) {
  public static final String MEDIA_TYPE = "application/x-ndjson";

  public static StreamFrame progress(LayerProgress progress) {
    return new StreamFrame(progress, null, null, null, null, null);
  }

  public static StreamFrame line(LogLine line) {
    return new StreamFrame(null, line, null, null, null, null);
  }

  /** The container a run is about, once it started (before its output). */
  public static StreamFrame container(ContainerSummary container) {
    return new StreamFrame(null, null, container, null, null, null);
  }

  public static StreamFrame result(JsonNode result) {
    return new StreamFrame(null, null, null, null, result, null);
  }

  public static StreamFrame problem(Problem problem) {
    return new StreamFrame(null, null, null, null, null, problem);
  }

  public static StreamFrame event(KvEvent event) {
    return new StreamFrame(null, null, null, event, null, null);
  }

  /** Whether this frame ends the stream. */
  public boolean last() {
    return result != null || problem != null;
  }
}
