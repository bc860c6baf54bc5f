package io.berth.cli;

import io.berth.api.ApiException;
import io.berth.api.Berth;
import io.berth.api.ExecRequest;
import io.berth.api.ExitResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth exec [-e K=V] [-u USER] [-w DIR] ID CMD...}: exits with the command's code. */
@Command(
    name = "exec",
    mixinStandardHelpOptions = true,
    description = {
      "Run a command in a running container, in its namespaces, root and cgroup.",
      "Exits with the command's exit code; 125 when berth fails, 126/127 as a shell would."
    })
final class ExecCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = {"-e", "--env"},
      paramLabel = "NAME=VALUE",
      description = "Set an environment variable.")
  List<String> env = new ArrayList<>();

  @Option(
      names = {"-u", "--user"},
      paramLabel = "UID[:GID]|NAME",
      description = "The user to run as.")
  String user;

  @Option(
      names = {"-w", "--workdir"},
      paramLabel = "DIR",
      description = "The working directory.")
  String workdir;

  @Parameters(index = "0", paramLabel = "ID")
  String id;

  @Parameters(index = "1..*", arity = "1..*", paramLabel = "CMD")
  List<String> command;

  @Override
  public Integer call() {
    Map<String, String> vars = new LinkedHashMap<>();
    try {
      env.forEach(e -> EnvFiles.put(vars, e));
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    try (Berth berth = Main.connect(spec, Main.Need.AGENT)) {
      ExitResult result =
          berth
              .containers()
              .exec(
                  id,
                  new ExecRequest(command, vars, user, workdir),
                  new LogPrinter(spec.commandLine().getOut(), spec.commandLine().getErr(), false));
      return result.exitCode();
    } catch (ApiException e) {
      spec.commandLine().getErr().println("berth: " + e.getMessage());
      return switch (e.kind()) {
        case COMMAND_NOT_FOUND -> RunCommand.NOT_FOUND;
        case COMMAND_NOT_EXECUTABLE -> RunCommand.NOT_EXECUTABLE;
        default -> RunCommand.BERTH_FAILED;
      };
    }
  }
}
