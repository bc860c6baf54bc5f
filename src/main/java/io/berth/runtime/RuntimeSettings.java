package io.berth.runtime;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Where the runtime keeps containers and how it runs them.
 *
 * @param root persistent state: {@code containers/<id>/} (bundle, rootfs mount point, writable
 *     layer) and {@code logs/<id>.log}
 * @param state runtime state: {@code runc/} (runc's --root) and {@code containers/<id>/} (the
 *     output FIFOs); on a tmpfs such as /run, gone at reboot like the containers themselves
 * @param runc the runc binary
 * @param tini tini-static, for {@code --init}
 * @param pause catatonit, the PID 1 of a container whose processes the agent starts one by one (a
 *     service's tasks): it reaps orphans and waits
 * @param logMaxBytes the size at which a container's log is rotated
 * @param logFiles how many rotated log files are kept besides the current one
 * @param defaultStopTimeout how long a stop waits before KILL when the caller does not say
 */
public record RuntimeSettings(
    Path root,
    Path state,
    Path runc,
    Path tini,
    Path pause,
    long logMaxBytes,
    int logFiles,
    Duration defaultStopTimeout) {

  public static RuntimeSettings of(Path root, Path state) {
    return new RuntimeSettings(
        root,
        state,
        Path.of("/usr/sbin/runc"),
        Path.of("/usr/bin/tini-static"),
        Path.of("/usr/bin/catatonit"),
        10L << 20,
        3,
        Duration.ofSeconds(10));
  }

  Path containers() {
    return root.resolve("containers");
  }

  Path logs() {
    return root.resolve("logs");
  }

  Path runcRoot() {
    return state.resolve("runc");
  }

  Path fifos() {
    return state.resolve("containers");
  }
}
