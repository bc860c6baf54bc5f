package io.berth.api;

import java.time.Duration;
import java.util.List;

/** The containers resource: {@code /v1/containers}. */
public interface Containers {

  /**
   * Creates a container: pulls the image when it is absent (reporting to {@code progress}),
   * prepares its root filesystem and bundle, and creates it in runc; starts it too when the request
   * says {@code start}.
   */
  ContainerDetails create(CreateContainer request, PullProgress progress);

  /**
   * Runs a container in the foreground, as {@code berth run} does, in one call: creates and starts
   * it (whatever the request's {@code start} says), reports its output to {@code watcher} from the
   * first byte, and returns how it ended, once that is recorded; for an auto-removed container,
   * once it is removed too ({@link WaitCondition#REMOVED}). If the caller goes away, the container
   * runs on.
   */
  ExitResult run(CreateContainer request, RunWatcher watcher);

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

  /**
   * Waits until the container meets {@code condition}: its end is recorded ({@code NOT_RUNNING},
   * released before what the container used is torn down) or it is removed as well ({@code
   * REMOVED}); returns how it ended. {@code timeout} null waits as long as it takes.
   */
  ExitResult await(String id, Duration timeout, WaitCondition condition);

  /** Waits until the container exits; returns its exit code. */
  default ExitResult await(String id, Duration timeout) {
    return await(id, timeout, WaitCondition.NOT_RUNNING);
  }

  /** The container's output, as the query asks; returns when done (or when following ends). */
  void logs(String id, LogQuery query, LogSink sink);

  /** Runs a command in a running container to completion, streaming its output. */
  ExitResult exec(String id, ExecRequest request, LogSink output);

  /** Files added, changed and deleted in a writable container's root filesystem. */
  List<Change> changes(String id);

  /** CPU, memory, pids and I/O figures from the container's cgroup. */
  ContainerStats stats(String id);

  /** berth's record of the container and the OCI runtime's state, in one document. */
  ContainerStatus state(String id);

  /**
   * The entries of the directory {@code path} (absolute, never through {@code ..}) in a running
   * container, by name; symbolic links are listed, not followed.
   */
  List<ContainerFile> listFiles(String id, String path);

  /**
   * The regular file {@code path} in a running container, at most {@link
   * ContainerFile#MAX_READ_BYTES}; symbolic links are followed only within the container.
   */
  byte[] readFile(String id, String path);

  /**
   * The script the container was created with (BoatLoad's {@code script}), whether it runs or not.
   *
   * @throws ApiException not found when it was created without one
   */
  byte[] script(String id);

  /** The regular file at {@code index} of {@link #listFiles}'s listing of {@code directory}. */
  byte[] readFile(String id, String directory, int index);

  /**
   * Writes a tar.gz of what {@link #changes} lists to {@code out}: added and changed files,
   * directories and symbolic links as they are, deletions as whiteouts ({@code .wh.NAME}), as in an
   * OCI layer.
   */
  void archive(String id, java.io.OutputStream out);
}
