package io.berth.runtime;

import io.berth.api.LogLine;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A process to start in a running container and leave running: a service's task.
 *
 * @param name the task's name; its output lines are marked {@code [name]} in the container's log
 *     unless it is the main process
 * @param command the program and its arguments, or null for the container's own command (the
 *     process the container was created with, before catatonit took its place)
 * @param env variables set on top of the container's process's
 * @param user {@code uid[:gid]} or a name, or null for the container's process's
 * @param workdir an absolute path, or null for the container's process's
 * @param notifyFd the descriptor on which the process says it is ready by writing a newline (s6's
 *     notification-fd), from 3 up; 0 for none
 * @param main whether it is the container's main process: {@code kill} and {@code stop} of the
 *     container reach it, and its lines are not marked
 * @param logged whether its output goes to the container's log (a health check's does not)
 * @param tap receives each line of its output as well, or null
 */
public record TaskLaunch(
    String name,
    List<String> command,
    Map<String, String> env,
    String user,
    String workdir,
    int notifyFd,
    boolean main,
    boolean logged,
    Consumer<LogLine> tap) {
  public TaskLaunch {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a task needs a name");
    }
    command = command == null ? null : List.copyOf(command);
    env = env == null ? Map.of() : Map.copyOf(env);
    if (notifyFd != 0 && (notifyFd < 3 || notifyFd > 63)) {
      throw new IllegalArgumentException("the notification descriptor must be from 3 to 63");
    }
  }

  /** {@code command} run as the container's process runs, with nothing else. */
  public static TaskLaunch of(String name, List<String> command) {
    return new TaskLaunch(name, command, null, null, null, 0, false, true, null);
  }
}
