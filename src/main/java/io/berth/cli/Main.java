package io.berth.cli;

import io.berth.agent.Engine;
import io.berth.agent.Settings;
import io.berth.api.ApiException;
import io.berth.api.Berth;
import io.berth.api.client.RemoteBerth;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The berth command with every subcommand. Exit codes: 0 done, 1 failed, 2 bad usage or input.
 *
 * <p>Building picocli's model of a command reads its annotations by reflection, which costs a
 * short-lived JVM more than most commands take to run. So {@link #run} builds the model of the one
 * subcommand an invocation names, under a bare {@link GlobalOptions}; only an invocation that names
 * none or an unknown one (or asks for help before naming one) gets this full model, whose usage
 * lists every command.
 */
@Command(
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
      KvCommand.class,
      DiscoveryCommand.class,
      EventsCommand.class,
      ConfigCommand.class,
      PullCommand.class,
      ImagesCommand.class,
      ImageCommand.class,
      RmiCommand.class,
      PruneCommand.class,
      VersionCommand.class,
      DemoCommand.class,
      TokenCommand.class,
      AuthCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main extends GlobalOptions {
  static final int FAILED = 1;
  static final int USAGE = 2;

  /**
   * A new instance of the subcommand called {@code name}, as {@link Main}'s annotation lists it;
   * null for a name it does not list, and for {@code help}, which needs the full model.
   */
  static Object command(String name) {
    return switch (name) {
      case "run" -> new RunCommand();
      case "ps" -> new PsCommand();
      case "inspect" -> new ContainerCommands.Inspect();
      case "stop" -> new ContainerCommands.Stop();
      case "kill" -> new ContainerCommands.Kill();
      case "rm" -> new ContainerCommands.Rm();
      case "exec" -> new ExecCommand();
      case "logs" -> new LogsCommand();
      case "diff" -> new ContainerCommands.Diff();
      case "stats" -> new StatsCommand();
      case "agent" -> new AgentCommand();
      case "service" -> new ServiceCommand();
      case "kv" -> new KvCommand();
      case "discovery" -> new DiscoveryCommand();
      case "events" -> new EventsCommand();
      case "config" -> new ConfigCommand();
      case "pull" -> new PullCommand();
      case "images" -> new ImagesCommand();
      case "image" -> new ImageCommand();
      case "rmi" -> new RmiCommand();
      case "prune" -> new PruneCommand();
      case "version" -> new VersionCommand();
      case "demo" -> new DemoCommand();
      case "token" -> new TokenCommand();
      case "auth" -> new AuthCommand();
      default -> null;
    };
  }

  /** The command above any subcommand, holding the global options. */
  static GlobalOptions of(CommandLine.Model.CommandSpec spec) {
    CommandLine.Model.CommandSpec s = spec;
    while (s.parent() != null) {
      s = s.parent();
    }
    return (GlobalOptions) s.userObject();
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
    GlobalOptions options = of(spec);
    java.util.Optional<Berth> remote = options.remote();
    if (remote.isPresent()) {
      return remote.get();
    }
    Settings settings = options.settings();
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
    // Most commands talk to the agent: the client's one-time setup runs on the second core while
    // this one builds and parses the command line (picocli's model takes longer than it does).
    Thread.ofPlatform().daemon().name("berth-prepare").start(RemoteBerth::prepare);
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs berth with {@code args}; returns the exit code. Tests call this directly. */
  static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = model(args);
    cli.setOut(out);
    cli.setErr(err);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    // As docker: everything after the image (run) or the container (exec) is the command's.
    for (String name : new String[] {"run", "exec"}) {
      CommandLine sub = cli.getSubcommands().get(name);
      if (sub != null) {
        sub.setStopAtPositional(true);
      }
    }
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

  /**
   * The model for {@code args}: the global options with the one subcommand they name, found by
   * skipping the global options (and their values) before it; the full model when they name none we
   * know, or when another option comes first ({@code --help}, {@code --version}, a mistake).
   */
  static CommandLine model(String[] args) {
    CommandLine root = new CommandLine(new GlobalOptions());
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("-")) {
        Object command = command(arg);
        if (command == null) {
          break;
        }
        root.addSubcommand(arg, command);
        return root;
      }
      int equals = arg.indexOf('=');
      CommandLine.Model.OptionSpec option =
          root.getCommandSpec().findOption(equals < 0 ? arg : arg.substring(0, equals));
      if (option == null || option.usageHelp() || option.versionHelp()) {
        break;
      }
      if (equals < 0 && option.arity().max() > 0) {
        i++; // its value
      }
    }
    return new CommandLine(new Main());
  }
}
