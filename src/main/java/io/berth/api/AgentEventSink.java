package io.berth.api;

/** Receives a watch's events, in the order the agent published them. */
@FunctionalInterface
public interface AgentEventSink {
  /** Returns false to end the watch. */
  boolean event(AgentEvent event);
}
