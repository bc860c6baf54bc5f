package io.berth.cli;

import io.berth.template.Template;
import io.berth.template.TemplateEngine;
import io.berth.template.TemplateException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth config render}. */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description = "Work with configuration files, without an agent.",
    subcommands = {ConfigCommand.Render.class})
final class ConfigCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * Reads a template file as UTF-8, or explains why it cannot.
   *
   * @throws IllegalArgumentException naming the file
   */
  static String readText(Path file) {
    try {
      return Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(file + " does not exist");
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException(file + " is not UTF-8 text");
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
    }
  }

  /** {@code berth config render FILE [-e NAME=VALUE]... [--env-file FILE]... [--strict]}. */
  @Command(
      name = "render",
      mixinStandardHelpOptions = true,
      description = {
        "Render a template file (ContainerPilot's {{.VAR}} syntax, see docs/templates.md) against"
            + " the environment, and print the result.",
        "Each variable is a field of dot ({{.HOME}}) and what env reads ({{env \"HOME\"}})."
      })
  static final class Render implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin TemplateEnvironment environment;

    @Option(
        names = "--strict",
        description = "A variable that is not set is an error, unless it has a default.")
    boolean strict;

    @Parameters(paramLabel = "FILE", description = "The template.")
    Path file;

    @Override
    public Integer call() {
      var err = spec.commandLine().getErr();
      try {
        Map<String, String> variables = environment.variables();
        Template template =
            TemplateEngine.builder().strict(strict).build().parse(file.toString(), readText(file));
        var out = spec.commandLine().getOut();
        out.print(template.render(variables, variables).text());
        out.flush();
        return 0;
      } catch (TemplateException | IllegalArgumentException e) {
        err.println("berth: " + e.getMessage());
        return Main.USAGE;
      }
    }
  }
}
