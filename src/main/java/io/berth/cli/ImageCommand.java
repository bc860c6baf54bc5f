package io.berth.cli;

import io.berth.api.Berth;
import io.berth.api.ImageDetails;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code berth image ls|inspect|rm|prune}. */
@Command(
    name = "image",
    mixinStandardHelpOptions = true,
    description = "Manage images.",
    subcommands = {
      ImageCommand.Ls.class,
      ImageCommand.Inspect.class,
      ImageCommand.Rm.class,
      PruneCommand.class,
      PullCommand.class
    })
final class ImageCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code berth image ls}: {@code berth images} under the image group. */
  @Command(
      name = "ls",
      mixinStandardHelpOptions = true,
      description = "List the images on this host (as 'berth images').")
  static final class Ls extends ImagesCommand {}

  /** {@code berth image rm}: {@code berth rmi} under the image group. */
  @Command(
      name = "rm",
      mixinStandardHelpOptions = true,
      description = "Remove image references (as 'berth rmi').")
  static final class Rm extends RmiCommand {}

  /** {@code berth image inspect REF...}: always JSON, as docker's. */
  @Command(
      name = "inspect",
      mixinStandardHelpOptions = true,
      description = "Show images in full, as JSON.")
  static final class Inspect implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin Output output;

    @Parameters(
        paramLabel = "IMAGE",
        arity = "1..*",
        description = "Reference, digest or id prefix.")
    List<String> names;

    @Override
    public void run() {
      List<ImageDetails> details = new ArrayList<>();
      try (Berth berth = Main.connect(spec)) {
        for (String name : names) {
          details.add(berth.images().inspect(name));
        }
      }
      output.printJson(details);
    }
  }
}
