package io.berth.cli;

import io.berth.config.ConfigException;
import io.berth.config.ContainerPilotImport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth service import --from containerpilot FILE IMAGE [CMD...]}: prints the berth service
 * that does what a ContainerPilot config did, and lists on stderr what it leaves out.
 */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = {
      "Print a berth service declaration made from another tool's config; what berth cannot do yet"
          + " is listed on stderr as 'not imported: FIELD: WHY'.",
      "A ContainerPilot v2 config is rendered as a template against the environment first. Its"
          + " application command is not in the config: give it after the image, or the image's own"
          + " command runs."
    })
final class ServiceImportCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin TemplateEnvironment environment;

  enum Source {
    containerpilot
  }

  enum Format {
    yaml,
    json
  }

  @Option(
      names = "--from",
      required = true,
      paramLabel = "TOOL",
      description = "The config's tool: ${COMPLETION-CANDIDATES}.")
  Source from;

  @Option(names = "--name", paramLabel = "NAME", description = "The service's name.")
  String name;

  @Option(
      names = "--format",
      defaultValue = "yaml",
      description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Format format;

  @Parameters(index = "0", paramLabel = "FILE", description = "The config to import.")
  Path file;

  @Parameters(index = "1", paramLabel = "IMAGE", description = "The image the service runs.")
  String image;

  @Parameters(
      index = "2..*",
      paramLabel = "CMD",
      description = "The application's command and arguments (what ContainerPilot ran).")
  List<String> command = new ArrayList<>();

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    ContainerPilotImport.Result result;
    try {
      result =
          ContainerPilotImport.convert(
              ConfigCommand.readText(file),
              file.toString(),
              image,
              name,
              command,
              environment.variables());
    } catch (ConfigException | IllegalArgumentException e) {
      err.println("berth: " + e.getMessage());
      return Main.USAGE;
    }
    PrintWriter out = spec.commandLine().getOut();
    out.print(format == Format.json ? result.json() : result.yaml());
    out.flush();
    for (var skipped : result.notImported()) {
      err.println(skipped);
    }
    if (command.isEmpty()) {
      err.println(
          "note: no command given: the service runs the image's own; if that starts containerpilot,"
              + " give the application's command after the image");
    }
    err.flush();
    return 0;
  }
}
