package io.berth.cli;

import io.berth.api.Berth;
import io.berth.api.PruneResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code berth prune}. */
@Command(
    name = "prune",
    mixinStandardHelpOptions = true,
    description = {
      "Remove images no reference names, every blob and snapshot no image needs, and what",
      "interrupted pulls left behind."
    })
final class PruneCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin Output output;

  @Override
  public void run() {
    PruneResult result;
    try (Berth berth = Main.connect(spec)) {
      result = berth.images().prune();
    }
    if (output.json()) {
      output.printJson(result);
    } else {
      output
          .out()
          .printf(
              "Removed %d images, %d blobs, %d snapshots; freed %s%n",
              result.images(),
              result.blobs(),
              result.snapshots(),
              Sizes.human(result.bytesFreed()));
    }
  }
}
