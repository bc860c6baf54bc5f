package io.berth.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.spec.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads why runc failed, from the JSON log it writes with {@code --log}, and sorts the reasons a
 * user must act on: a command not found in the image (a shell's 127), one that cannot be executed
 * (126).
 */
final class RuncErrors {
  private RuncErrors() {}

  /** The error messages of a runc log file, oldest first. */
  static String read(Path log) {
    List<String> errors = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(log)) {
        try {
          JsonNode node = Json.lenient().readTree(line);
          if (node != null
              && ("error".equals(node.path("level").asText())
                  || "fatal".equals(node.path("level").asText()))) {
            errors.add(node.path("msg").asText());
          }
        } catch (IOException e) {
          if (!line.isBlank()) {
            errors.add(line.strip());
          }
        }
      }
    } catch (NoSuchFileException e) {
      return "";
    } catch (IOException e) {
      return "(runc's log is unreadable: " + e.getMessage() + ")";
    }
    return String.join("; ", errors);
  }

  /** A failure to start the container's process, as the user needs to hear it. */
  static ContainerException classify(String message, String command) {
    String m = message.toLowerCase(java.util.Locale.ROOT);
    if (m.contains("executable file not found") || m.contains("no such file or directory")) {
      return new ContainerException(
          ContainerException.Kind.COMMAND_NOT_FOUND,
          "command '%s' not found in the container: %s".formatted(command, message));
    }
    if (m.contains("permission denied")
        || m.contains("exec format error")
        || m.contains("is a directory")) {
      return new ContainerException(
          ContainerException.Kind.COMMAND_NOT_EXECUTABLE,
          "command '%s' cannot be executed in the container: %s".formatted(command, message));
    }
    return new ContainerException(
        ContainerException.Kind.INVALID, "runc could not create the container: " + message);
  }
}
