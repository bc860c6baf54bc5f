package io.berth.cli;

import io.berth.demo.DemoImages;
import io.berth.demo.LocalRegistry;
import io.berth.os.FileTrees;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code berth demo}: berth's main job on a machine with nothing set up. Starts a registry on
 * loopback, pushes images to it, and has berth pull them, in a temporary root that is removed
 * afterwards.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Show berth at work without the internet: start a local registry, push a small image,",
      "pull it with berth, then pull a second version that shares its base layer.",
      "Uses a temporary root and state, removed at the end unless --keep is given."
    })
final class DemoCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--keep", description = "Keep the demo's root, state and registry data.")
  boolean keep;

  @Override
  public void run() {
    PrintWriter out = spec.commandLine().getOut();
    Path work;
    try {
      work = Files.createTempDirectory("berth-demo-");
    } catch (IOException e) {
      throw new IllegalStateException("cannot create the demo's directory: " + e.getMessage(), e);
    }
    int failures = 0;
    try (LocalRegistry registry = LocalRegistry.start(work.resolve("registry"), List.of())) {
      List<String> home =
          List.of(
              "--root", work.resolve("root").toString(),
              "--state", work.resolve("state").toString(),
              "--registries", writeRegistries(work, registry).toString());
      step(out, "A registry (the CNCF distribution server) listens on " + registry.host() + ".");
      DemoImages images = new DemoImages(work.resolve("images"));
      String v1 = images.push(registry, "demo/hello:1", "1", List.of("cat", "/app/version"));
      step(out, "Pushed " + v1 + " (busybox plus /app), built with umoci and pushed with skopeo.");
      failures += berth(out, home, "pull", v1);
      failures += berth(out, home, "images");
      String v2 = images.push(registry, "demo/hello:2", "2", List.of("cat", "/app/version"));
      step(out, "Pushed " + v2 + ": the same busybox layer under a new /app layer.");
      step(out, "Pulling it downloads only the new layer:");
      failures += berth(out, home, "pull", v2);
      failures += berth(out, home, "images");
      failures += berth(out, home, "rmi", v1);
      failures += berth(out, home, "prune");
      if (keep) {
        step(
            out,
            "Kept " + work + "; look around with: ./berth " + String.join(" ", home) + " images");
      }
    } catch (IOException e) {
      throw new IllegalStateException("demo: " + e.getMessage(), e);
    } finally {
      if (!keep) {
        try {
          FileTrees.delete(work);
        } catch (IOException e) {
          spec.commandLine()
              .getErr()
              .println("berth: could not remove " + work + ": " + e.getMessage());
        }
      }
    }
    if (failures > 0) {
      throw new IllegalStateException(
          "the demo did not go as it should: " + failures + " step(s) failed");
    }
    step(out, "Done.");
  }

  private static Path writeRegistries(Path work, LocalRegistry registry) throws IOException {
    Path file = work.resolve("registries.yaml");
    Files.writeString(
        file,
        "registries:\n  \"%s\":\n    tlsVerify: false   # the demo registry speaks plain HTTP\n"
            .formatted(registry.host()));
    return file;
  }

  private static void step(PrintWriter out, String text) {
    out.println();
    out.println("## " + text);
    out.flush();
  }

  /** Runs a berth command as the user would type it, showing it first; returns 1 on failure. */
  private int berth(PrintWriter out, List<String> home, String... args) {
    out.println();
    out.println("$ berth " + String.join(" ", args));
    out.flush();
    List<String> argv = new ArrayList<>(home);
    argv.addAll(List.of(args));
    int code = Main.run(argv.toArray(String[]::new), out, spec.commandLine().getErr());
    return code == 0 ? 0 : 1;
  }
}
