package io.berth.cli;

import io.berth.agent.Engine;
import io.berth.agent.Settings;
import io.berth.api.ApiException;
import io.berth.api.Berth;
import io.berth.api.client.RemoteBerth;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The berth command. Exit codes: 0 done, 1 failed, 2 bad usage or input. */
@Command(
    name = "berth",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Pulls OCI images, runs them through runc, keeps them running and upgraded.",
    subcommands = {
      RunCommand.class,
      PsCommand.class,
      ContainerCommands.Inspect.class,
      ContainerCommands.Stop.class,
      ContainerCommands.Kill.class,
      ContainerCommands.Rm.class,
      ExecCommand.class,
      LogsCommand.class,
      ContainerCommands.Diff.class,
      StatsCommand.class,
      AgentCommand.class,
      ServiceCommand.class,
      ConfigCommand.class,
      PullCommand.class,
      ImagesCommand.class,
      ImageCommand.class,
      RmiCommand.class,
      PruneCommand.class,
      VersionCommand.class,
      DemoCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  static final int FAILED = 1;
  static final int USAGE = 2;
  private static final Path DEFAULT_REGISTRIES = Path.of("/etc/berth/registries.yaml");

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--root",
      scope = ScopeType.INHERIT,
      paramLabel = "DIR",
      defaultValue = "${env:BERTH_ROOT:-/var/lib/berth}",
      description =
          "Persistent state: images, containers, logs (env BERTH_ROOT; default ${DEFAULT-VALUE}).")
  Path root;

  @Option(
      names = "--state",
      scope = ScopeType.INHERIT,
      paramLabel = "DIR",
      defaultValue = "${env:BERTH_STATE:-/run/berth}",
      description =
          "Runtime state: the API socket, runc state (env BERTH_STATE; default ${DEFAULT-VALUE}).")
  Path state;

  @Option(
      names = "--registries",
      scope = ScopeType.INHERIT,
      paramLabel = "FILE",
      defaultValue = "${env:BERTH_REGISTRIES:-/etc/berth/registries.yaml}",
      description =
          "Registry credentials and TLS settings (env BERTH_REGISTRIES; default ${DEFAULT-VALUE}).")
  Path registries;

  Settings settings() {
    Settings defaults = Settings.of(root, state);
    // The default registries file is optional; one named by flag or environment must exist.
    Path registriesFile =
        registries.equals(DEFAULT_REGISTRIES) && !Files.exists(registries) ? null : registries;
    return new Settings(
        defaults.root(),
        defaults.state(),
        registriesFile,
        defaults.dockerConfig(),
        defaults.parallelLayers(),
        defaults.maxLayerBytes(),
        defaults.allowDeviceNodes());
  }

  /** The Main instance above any subcommand, holding the global options. */
  static Main of(CommandLine.Model.CommandSpec spec) {
    CommandLine.Model.CommandSpec s = spec;
    while (s.parent() != null) {
      s = s.parent();
    }
    return (Main) s.userObject();
  }

  /** What a command needs from berth. */
  enum Need {
    /** Reading images and container records: an in-process engine will do. */
    STORE,
    /** Running a container in the foreground: this process can supervise it. */
    SUPERVISOR,
    /** Acting on containers an agent supervises (run -d, stop, exec, ...): an agent. */
    AGENT
  }

  static Berth connect(CommandLine.Model.CommandSpec spec) {
    return connect(spec, Need.STORE);
  }

  /**
   * The API to use: the agent on this host's socket when one answers; else an engine in this
   * process when that can do what {@code need} says; else an error that says how to start an agent.
   */
  static Berth connect(CommandLine.Model.CommandSpec spec, Need need) {
    Settings settings = of(spec).settings();
    Path socket = settings.state().resolve("berth.sock");
    java.util.Optional<Berth> agent = RemoteBerth.connectIfListening(socket);
    if (agent.isPresent()) {
      return agent.get();
    }
    if (need == Need.AGENT) {
      throw new ApiException(
          ApiException.Kind.UNAVAILABLE,
          "this needs a running agent, and none answers on %s: start one with 'berth agent%s'"
              .formatted(
                  socket,
                  settings.state().equals(Path.of("/run/berth"))
                          && settings.root().equals(Path.of("/var/lib/berth"))
                      ? ""
                      : " --root " + settings.root() + " --state " + settings.state()));
    }
    try {
      return Engine.open(
          settings, need == Need.SUPERVISOR ? Engine.Mode.FOREGROUND : Engine.Mode.CLIENT);
    } catch (java.io.IOException e) {
      throw new ApiException(ApiException.Kind.INTERNAL, e.getMessage(), e);
    }
  }

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs berth with {@code args}; returns the exit code. Tests call this directly. */
  static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(out);
    cli.setErr(err);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    // As docker: everything after the image (run) or the container (exec) is the command's.
    cli.getSubcommands().get("run").setStopAtPositional(true);
    cli.getSubcommands().get("exec").setStopAtPositional(true);
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          if (e instanceof Reported reported) {
            return reported.failure().kind() == ApiException.Kind.BAD_REQUEST ? USAGE : FAILED;
          }
          if (e instanceof ApiException api) {
            commandLine.getErr().println("berth: " + api.getMessage());
            return api.kind() == ApiException.Kind.BAD_REQUEST ? USAGE : FAILED;
          }
          if (e instanceof CommandLine.ParameterException p) {
            throw p;
          }
          commandLine.getErr().println("berth: " + (e.getMessage() == null ? e : e.getMessage()));
          if (System.getenv("BERTH_DEBUG") != null) {
            e.printStackTrace(commandLine.getErr());
          }
          return FAILED;
        });
    cli.setParameterExceptionHandler(
        (e, a) -> {
          CommandLine commandLine = e.getCommandLine();
          commandLine.getErr().println("berth: " + e.getMessage());
          commandLine
              .getErr()
              .println("See '" + commandLine.getCommandSpec().qualifiedName() + " --help'.");
          return USAGE;
        });
    return cli.execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
