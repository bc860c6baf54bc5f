package io.berth.cli;

import io.berth.api.ApiException;
import io.berth.api.Berth;
import io.berth.api.RemoveResult;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth rmi IMAGE...}. */
@Command(
    name = "rmi",
    mixinStandardHelpOptions = true,
    description = {
      "Remove image references. An image is deleted with its last reference; its blobs and",
      "snapshots go unless another image uses them."
    })
class RmiCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin Output output;

  @Parameters(paramLabel = "IMAGE", arity = "1..*", description = "Reference, digest or id prefix.")
  List<String> names;

  @Option(
      names = {"-f", "--force"},
      description = "Remove an image named by digest even when several references name it.")
  boolean force;

  @Override
  public void run() {
    List<RemoveResult> results = new ArrayList<>();
    ApiException firstFailure = null;
    try (Berth berth = Main.connect(spec)) {
      for (String name : names) {
        try {
          RemoveResult result = berth.images().remove(name, force);
          results.add(result);
          if (!output.json()) {
            result.untagged().forEach(r -> output.out().println("Untagged: " + r));
            result.deleted().forEach(d -> output.out().println("Deleted: " + d));
          }
        } catch (ApiException e) {
          output.err().println("berth: " + e.getMessage());
          firstFailure = firstFailure == null ? e : firstFailure;
        }
      }
    }
    if (output.json()) {
      output.printJson(results);
    }
    if (firstFailure != null) {
      throw new Reported(firstFailure);
    }
  }
}
