package io.berth.cli;

import io.berth.api.Berth;
import io.berth.api.PullRequest;
import io.berth.api.PullResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth pull REF}. */
@Command(
    name = "pull",
    mixinStandardHelpOptions = true,
    description = {
      "Pull an image from a registry: layers are downloaded, verified and unpacked in one pass;",
      "layers already here are skipped. Prints the image's digest."
    })
final class PullCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin Output output;

  @Parameters(
      paramLabel = "REF",
      description = "Image reference, such as busybox or localhost:5000/app:v2.")
  String reference;

  @Option(
      names = "--platform",
      paramLabel = "OS/ARCH[/VARIANT]",
      description = "Platform to pull (default: this host's).")
  String platform;

  @Option(
      names = "--tls-verify",
      arity = "0..1",
      paramLabel = "BOOL",
      fallbackValue = "true",
      description =
          "Require HTTPS with a verified certificate (default: true, or as the registries file says).")
  Boolean tlsVerify;

  @Option(
      names = {"-q", "--quiet"},
      description = "Print only the digest.")
  boolean quiet;

  @Override
  public void run() {
    boolean terminal =
        !quiet && !output.json() && System.console() != null && System.console().isTerminal();
    PullProgressView view = new PullProgressView(output.err(), terminal);
    PullResult result;
    try (Berth berth = Main.connect(spec)) {
      result =
          berth
              .images()
              .pull(
                  new PullRequest(reference, platform, tlsVerify),
                  quiet || output.json() ? update -> {} : view);
    } finally {
      view.finish();
    }
    if (output.json()) {
      output.printJson(result);
    } else if (quiet) {
      output.out().println(result.digest());
    } else {
      output.out().println("Digest: " + result.digest());
      output
          .out()
          .println(
              (result.updated() ? "Downloaded newer image for " : "Image is up to date for ")
                  + result.reference());
    }
  }
}
