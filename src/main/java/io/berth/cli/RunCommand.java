package io.berth.cli;

import com.fasterxml.jackson.databind.node.TextNode;
import io.berth.api.ApiException;
import io.berth.api.Berth;
import io.berth.api.ContainerDetails;
import io.berth.api.ContainerSummary;
import io.berth.api.CreateContainer;
import io.berth.api.ExitResult;
import io.berth.api.LayerProgress;
import io.berth.api.LogLine;
import io.berth.api.RunWatcher;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth run}: creates and starts a container. In the foreground it streams the output,
 * forwards signals and exits with the container's exit code; with {@code -d} it prints the id.
 * Without an agent, a foreground run supervises its container inside this process.
 */
@Command(
    name = "run",
    sortOptions = false,
    description = {
      "Run a command in a new container, pulling the image when it is absent.",
      "Exit codes: the container's own; 125 when berth fails, 126 when the command cannot be run,",
      "127 when it is not found."
    })
final class RunCommand implements java.util.concurrent.Callable<Integer> {
  static final int BERTH_FAILED = 125;
  static final int NOT_EXECUTABLE = 126;
  static final int NOT_FOUND = 127;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  // -h is the host name, as in docker run; so help is --help only
  @Option(names = "--help", usageHelp = true, description = "Show this help message and exit.")
  boolean help;

  @Option(
      names = {"-d", "--detach"},
      description = "Run in the background (needs an agent); print the id.")
  boolean detach;

  @Option(names = "--rm", description = "Remove the container when it exits.")
  boolean autoRemove;

  @Option(names = "--name", paramLabel = "NAME", description = "A name for the container.")
  String name;

  @Option(
      names = {"-e", "--env"},
      paramLabel = "NAME=VALUE",
      description = "Set an environment variable (NAME alone copies berth's).")
  List<String> env = new ArrayList<>();

  @Option(
      names = "--env-file",
      paramLabel = "FILE",
      description = "Read NAME=VALUE lines from a file.")
  List<Path> envFiles = new ArrayList<>();

  @Option(
      names = {"-v", "--volume"},
      paramLabel = "HOST:CONTAINER[:ro]",
      description = "Bind-mount a host path.")
  List<String> volumes = new ArrayList<>();

  @Option(
      names = "--tmpfs",
      paramLabel = "PATH[:OPTIONS]",
      description = "Mount a tmpfs, such as /run:size=64m.")
  List<String> tmpfs = new ArrayList<>();

  @Option(
      names = {"-u", "--user"},
      paramLabel = "UID[:GID]|NAME",
      description = "The user to run as.")
  String user;

  @Option(
      names = "--cap-add",
      paramLabel = "CAP",
      description = "Add a capability to the default set.")
  List<String> capAdd = new ArrayList<>();

  @Option(
      names = "--cap-drop",
      paramLabel = "CAP",
      description = "Drop a capability (ALL drops every one).")
  List<String> capDrop = new ArrayList<>();

  @Option(
      names = "--writable",
      description = "A writable root filesystem (read-only by default); see 'berth diff'.")
  boolean writable;

  @Option(
      names = {"-h", "--hostname"},
      paramLabel = "NAME",
      description = "The container's host name.")
  String hostname;

  @Option(
      names = {"-w", "--workdir"},
      paramLabel = "DIR",
      description = "The working directory.")
  String workdir;

  @Option(
      names = "--entrypoint",
      paramLabel = "CMD",
      description = "Replace the image's entrypoint.")
  String entrypoint;

  @Option(names = "--init", description = "Run tini as PID 1 to reap zombies and forward signals.")
  boolean init;

  @Option(
      names = {"-m", "--memory"},
      paramLabel = "SIZE",
      description = "Memory limit, such as 256m.")
  String memory;

  @Option(names = "--cpus", paramLabel = "N", description = "CPU limit, such as 0.5.")
  Double cpus;

  @Option(
      names = "--pids-limit",
      paramLabel = "N",
      description = "The most processes the container may have.")
  Long pidsLimit;

  @Option(
      names = "--network",
      paramLabel = "host|none",
      description = "host, or none (the default): loopback only.")
  String network;

  @Option(names = "--platform", paramLabel = "OS/ARCH", description = "Platform to pull for.")
  String platform;

  @Option(
      names = "--restart",
      paramLabel = "POLICY",
      description =
          "With -d: no (the default), always, unless-stopped, on-failure or on-failure:N; the"
              + " agent restarts the container when it exits, until it is stopped or removed.")
  String restart;

  @Option(
      names = "--tls-verify",
      arity = "0..1",
      paramLabel = "BOOL",
      fallbackValue = "true",
      description = "As for 'berth pull'.")
  Boolean tlsVerify;

  @Parameters(index = "0", paramLabel = "IMAGE", description = "The image reference.")
  String image;

  @Parameters(index = "1..*", paramLabel = "CMD", description = "The command and its arguments.")
  List<String> command = new ArrayList<>();

  @Override
  public Integer call() {
    CreateContainer request;
    try {
      request = request();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    try (Berth berth = Main.connect(spec, detach ? Main.Need.AGENT : Main.Need.SUPERVISOR)) {
      return detach ? detached(berth, request) : foreground(berth, request);
    } catch (ApiException e) {
      spec.commandLine().getErr().println("berth: " + e.getMessage());
      return switch (e.kind()) {
        case COMMAND_NOT_FOUND -> NOT_FOUND;
        case COMMAND_NOT_EXECUTABLE -> NOT_EXECUTABLE;
        default -> BERTH_FAILED;
      };
    }
  }

  CreateContainer request() {
    Map<String, String> vars = new LinkedHashMap<>();
    for (Path file : envFiles) {
      vars.putAll(EnvFiles.read(file));
    }
    for (String assignment : env) {
      EnvFiles.put(vars, assignment);
    }
    Map<String, com.fasterxml.jackson.databind.JsonNode> envJson = new LinkedHashMap<>();
    vars.forEach((k, v) -> envJson.put(k, TextNode.valueOf(v)));
    List<CreateContainer.Mount> mounts = new ArrayList<>();
    for (String volume : volumes) {
      var parsed = io.berth.spec.MountSpec.parseVolume(volume);
      mounts.add(
          new CreateContainer.Mount(
              "bind", parsed.source(), parsed.target(), parsed.readOnly(), null));
    }
    for (String t : tmpfs) {
      int colon = t.indexOf(':');
      String target = colon < 0 ? t : t.substring(0, colon);
      String options = colon < 0 ? null : t.substring(colon + 1);
      io.berth.spec.MountSpec.tmpfs(target, options);
      mounts.add(new CreateContainer.Mount("tmpfs", null, target, false, options));
    }
    if (cpus != null && cpus < 0) {
      throw new IllegalArgumentException(
          "invalid value '%s' for --cpus: expected a positive number".formatted(cpus));
    }
    if (restart != null && !restart.equals("no") && !detach) {
      throw new IllegalArgumentException(
          "--restart needs -d: the agent restarts the container, not this command");
    }
    if (pidsLimit != null && pidsLimit < 0) {
      throw new IllegalArgumentException(
          "invalid value '%d' for --pids-limit".formatted(pidsLimit));
    }
    return new CreateContainer(
        image,
        name,
        entrypoint == null ? null : List.of(entrypoint),
        command.isEmpty() ? null : command,
        envJson,
        mounts,
        user,
        capAdd,
        capDrop,
        writable,
        hostname,
        workdir,
        init,
        memory == null ? 0 : ByteSizes.parse(memory, "--memory"),
        cpus == null ? 0 : cpus,
        pidsLimit == null ? 0 : pidsLimit,
        network,
        autoRemove,
        detach,
        platform,
        tlsVerify,
        null,
        null,
        null,
        null,
        restart);
  }

  /** Creates and starts the container in one call (the request says start); prints its id. */
  private int detached(Berth berth, CreateContainer request) {
    PullProgressView progress = progressView();
    ContainerDetails created;
    try {
      created = berth.containers().create(request, progress);
    } finally {
      progress.finish();
    }
    spec.commandLine().getOut().println(created.id());
    return 0;
  }

  /**
   * Runs the container in one call that streams its output from the first byte and returns how it
   * ended (with --rm, once it is removed). Signals reach the container once it started; one that
   * comes before is sent then.
   */
  private int foreground(Berth berth, CreateContainer request) {
    PullProgressView progress = progressView();
    LogPrinter printer =
        new LogPrinter(spec.commandLine().getOut(), spec.commandLine().getErr(), false);
    SignalTarget target = new SignalTarget(berth);
    try (SignalForwarder _ = SignalForwarder.forward(target::signal)) {
      ExitResult exit =
          berth
              .containers()
              .run(
                  request,
                  new RunWatcher() {
                    @Override
                    public void update(LayerProgress update) {
                      progress.update(update);
                    }

                    @Override
                    public void started(ContainerSummary container) {
                      progress.finish();
                      target.started(container.id());
                    }

                    @Override
                    public void line(LogLine line) {
                      printer.line(line);
                    }
                  });
      spec.commandLine().getOut().flush();
      return exit.exitCode();
    } finally {
      progress.finish();
    }
  }

  /** Where forwarded signals go: the container, once it started; until then they wait. */
  private static final class SignalTarget {
    private final Berth berth;
    private final List<String> pending = new ArrayList<>();
    private String id;

    SignalTarget(Berth berth) {
      this.berth = berth;
    }

    void signal(String signal) {
      String to;
      synchronized (this) {
        if (id == null) {
          pending.add(signal);
          return;
        }
        to = id;
      }
      berth.containers().kill(to, signal);
    }

    void started(String container) {
      List<String> waiting;
      synchronized (this) {
        id = container;
        waiting = List.copyOf(pending);
        pending.clear();
      }
      for (String signal : waiting) {
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    signal(signal);
                  } catch (RuntimeException e) {
                    // it ended already: the run reports how
                  }
                });
      }
    }
  }

  private PullProgressView progressView() {
    boolean terminal = System.console() != null && System.console().isTerminal();
    return new PullProgressView(spec.commandLine().getErr(), terminal);
  }
}
