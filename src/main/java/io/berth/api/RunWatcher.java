package io.berth.api;

/**
 * Hears a container run in the foreground ({@link Containers#run}): the pull, when the image was
 * absent; the container once it started; then its output, from the first byte.
 */
public interface RunWatcher extends PullProgress, LogSink {

  /** The container was created and started; its output follows. */
  void started(ContainerSummary container);
}
