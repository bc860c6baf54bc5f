package io.berth.api;

import java.time.Duration;
import java.util.List;

/** The containers resource: {@code /v1/containers}. */
public interface Containers {

  /**
   * Creates a container: pulls the image when it is absent (reporting to {@code progress}),
   * prepares its root filesystem and bundle, and creates it in runc without starting it.
   */
  ContainerDetails create(CreateContainer request, PullProgress progress);

  /** Starts a created container. */
  ContainerDetails start(String id);

  /** Containers, running ones only unless {@code all}. */
  List<ContainerSummary> list(boolean all);

  /** A container by id, unique id prefix, or name. */
  ContainerDetails inspect(String id);

  /**
   * Stops a container: its stop signal (TERM unless the image says otherwise), then KILL after
   * {@code timeout}. A negative timeout kills at once; {@code noKill} never sends KILL (berth waits
   * as long as the process takes, as Frontloader does on upgrades). Returns once it exited, or at
   * once with {@code noKill}.
   */
  ContainerDetails stop(String id, Duration timeout, boolean noKill);

  /** Sends a signal ({@code TERM}, {@code SIGHUP}, {@code 9}) to the container's process. */
  void kill(String id, String signal);

  /** Removes a stopped container; {@code force} kills a running one first. */
  void remove(String id, boolean force);

  /** Waits until the container exits; returns its exit code. */
  ExitResult await(String id, Duration timeout);

  /** The container's output, as the query asks; returns when done (or when following ends). */
  void logs(String id, LogQuery query, LogSink sink);

  /** Runs a command in a running container to completion, streaming its output. */
  ExitResult exec(String id, ExecRequest request, LogSink output);

  /** Files added, changed and deleted in a writable container's root filesystem. */
  List<Change> changes(String id);

  /** CPU, memory, pids and I/O figures from the container's cgroup. */
  ContainerStats stats(String id);
}
