package io.berth.api;

import java.util.List;
import java.util.Map;

/**
 * A command to run in a running container.
 *
 * @param user uid[:gid] or a name, or null for the container's user
 * @param workdir null for the container's
 */
public record ExecRequest(
    List<String> command, Map<String, String> env, String user, String workdir) {
  public ExecRequest {
    if (command == null || command.isEmpty()) {
      throw ApiException.badRequest("exec needs a command");
    }
    command = List.copyOf(command);
    env = env == null ? Map.of() : Map.copyOf(env);
  }
}
