package io.berth.api;

/** Receives a watch's changes, in revision order. */
@FunctionalInterface
public interface KvEventSink {
  /** Returns false to end the watch. */
  boolean event(KvEvent event);
}
