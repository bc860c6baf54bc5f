package io.berth.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Option;

/**
 * {@code -e} and {@code --env-file} for commands that render templates: the variables a template
 * sees are berth's own environment, then the env files in order, then each {@code -e}; a later one
 * wins.
 */
final class TemplateEnvironment {
  @Option(
      names = {"-e", "--env"},
      paramLabel = "NAME=VALUE",
      description = "Set a variable for the template, over the environment and env files.")
  List<String> env = new ArrayList<>();

  @Option(
      names = "--env-file",
      paramLabel = "FILE",
      description = "Read NAME=VALUE lines for the template, over the environment.")
  List<Path> envFiles = new ArrayList<>();

  /**
   * The variables, sorted by name so that ranging over them is stable.
   *
   * @throws IllegalArgumentException for an env file that cannot be read or a bad assignment
   */
  Map<String, String> variables() {
    Map<String, String> overrides = new LinkedHashMap<>();
    for (Path file : envFiles) {
      overrides.putAll(EnvFiles.read(file));
    }
    for (String assignment : env) {
      EnvFiles.put(overrides, assignment);
    }
    Map<String, String> all = new TreeMap<>(System.getenv());
    all.putAll(overrides);
    return all;
  }
}
