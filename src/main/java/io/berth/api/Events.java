package io.berth.api;

/** The agent's event stream: {@code /v1/events}. */
public interface Events {

  /**
   * Hands the events {@code query} asks for to {@code sink}: the kept ones after {@code
   * query.since()} first, oldest first, then each as it happens, none twice and none missed between
   * the two; returns when the sink says so. A watch that falls too far behind ends with {@code
   * UNAVAILABLE}, naming the sequence to resume after.
   */
  void watch(EventQuery query, AgentEventSink sink);
}
