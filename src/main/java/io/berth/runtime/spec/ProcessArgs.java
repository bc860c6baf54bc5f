package io.berth.runtime.spec;

import io.berth.image.oci.ImageConfig;
import io.berth.spec.ContainerSpec;
import java.util.ArrayList;
import java.util.List;

/** The process's argv from the image's Entrypoint and Cmd and the user's, by Docker's rules. */
final class ProcessArgs {
  static final String INIT_PATH = OciSpecBuilder.INIT_PATH;

  private ProcessArgs() {}

  /**
   * Docker's matrix: a non-empty {@code --entrypoint} replaces the image's and drops its Cmd; an
   * empty one clears the entrypoint but keeps the Cmd; a command replaces the Cmd. With {@code
   * init}, tini runs first and execs the rest after {@code --}.
   *
   * @throws InvalidContainerException naming the image when nothing is left to run
   */
  static List<String> of(
      ImageConfig.RunConfig image, ContainerSpec spec, String imageName, boolean init) {
    List<String> entrypoint;
    List<String> cmd;
    boolean commandGiven = spec.command() != null && !spec.command().isEmpty();
    if (spec.entrypoint() != null && !spec.entrypoint().isEmpty()) {
      entrypoint = spec.entrypoint();
      cmd = commandGiven ? spec.command() : List.of();
    } else {
      entrypoint = spec.entrypoint() != null ? List.of() : image.entrypoint();
      cmd = commandGiven ? spec.command() : image.cmd();
    }
    List<String> args = new ArrayList<>(entrypoint);
    args.addAll(cmd);
    if (args.isEmpty()) {
      throw new InvalidContainerException(
          "no command: the image %s sets neither Entrypoint nor Cmd; give one"
              .formatted(imageName));
    }
    for (String arg : args) {
      if (arg == null || arg.indexOf('\0') >= 0) {
        throw new InvalidContainerException("a command argument contains a NUL byte");
      }
    }
    if (args.getFirst().isEmpty()) {
      throw new InvalidContainerException(
          "the command of %s starts with an empty program name".formatted(imageName));
    }
    if (init) {
      args.addAll(0, List.of(INIT_PATH, "--"));
    }
    return List.copyOf(args);
  }
}
