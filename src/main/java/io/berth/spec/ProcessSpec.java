package io.berth.spec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A command run in a service's container: a task, a hook or a check. What it leaves out it takes
 * from the service: the user, the working directory, and the environment (its own {@code env} goes
 * on top of the service's).
 *
 * @param command the program and its arguments; never empty
 * @param env variables on top of the service's
 * @param user {@code uid[:gid]} or a name from the image's /etc/passwd, or null for the service's
 * @param workdir an absolute working directory, or null for the service's
 */
public record ProcessSpec(
    List<String> command, Map<String, String> env, String user, String workdir) {
  public ProcessSpec {
    if (command == null || command.isEmpty() || command.getFirst().isEmpty()) {
      throw new IllegalArgumentException("a command needs a program");
    }
    command = List.copyOf(command);
    env = env == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(env));
    for (String key : env.keySet()) {
      if (key.isEmpty() || key.contains("=") || key.indexOf('\0') >= 0) {
        throw new IllegalArgumentException("invalid environment variable name '%s'".formatted(key));
      }
    }
    if (user != null && user.isBlank()) {
      throw new IllegalArgumentException("the user is blank");
    }
    if (workdir != null && !workdir.startsWith("/")) {
      throw new IllegalArgumentException(
          "the working directory must be an absolute path, not '%s'".formatted(workdir));
    }
  }

  /** {@code command} with nothing else of its own. */
  public static ProcessSpec of(List<String> command) {
    return new ProcessSpec(command, null, null, null);
  }

  public static ProcessSpec of(String... command) {
    return of(List.of(command));
  }

  /** The program's name, for messages. */
  public String program() {
    return command.getFirst();
  }
}
