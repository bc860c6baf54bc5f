package io.berth.cli;

import io.berth.api.ApiException;
import io.berth.api.Berth;
import io.berth.api.Change;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The small container commands: inspect, stop, kill, rm, diff. */
final class ContainerCommands {
  private ContainerCommands() {}

  /** Runs {@code action} on each id; reports failures and fails after trying them all. */
  static void each(
      CommandLine.Model.CommandSpec spec, List<String> ids, Main.Need need, Action action) {
    ApiException first = null;
    try (Berth berth = Main.connect(spec, need)) {
      for (String id : ids) {
        try {
          action.apply(berth, id);
        } catch (ApiException e) {
          spec.commandLine().getErr().println("berth: " + e.getMessage());
          first = first == null ? e : first;
        }
      }
    }
    if (first != null) {
      throw new Reported(first);
    }
  }

  @FunctionalInterface
  interface Action {
    void apply(Berth berth, String id);
  }

  /** {@code berth inspect ID...}: containers, or images when no container has the name. */
  @Command(
      name = "inspect",
      mixinStandardHelpOptions = true,
      description = "Show containers (or images) in full, as JSON.")
  static final class Inspect implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin Output output;

    @Parameters(
        paramLabel = "ID",
        arity = "1..*",
        description = "Container id, id prefix or name; or an image.")
    List<String> ids;

    @Override
    public void run() {
      List<Object> found = new ArrayList<>();
      each(
          spec,
          ids,
          Main.Need.STORE,
          (berth, id) -> {
            try {
              found.add(berth.containers().inspect(id));
            } catch (ApiException e) {
              if (e.kind() != ApiException.Kind.NOT_FOUND) {
                throw e;
              }
              try {
                found.add(berth.images().inspect(id));
              } catch (ApiException notAnImage) {
                throw e;
              }
            }
          });
      output.printJson(found);
    }
  }

  /** {@code berth stop [-t SECONDS] [--no-kill] ID...}. */
  @Command(
      name = "stop",
      mixinStandardHelpOptions = true,
      description = {
        "Stop containers: the stop signal (TERM unless the image says otherwise), then KILL after",
        "the timeout. -t -1 kills at once; --no-kill sends the signal and never kills."
      })
  static final class Stop implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = {"-t", "--time"},
        paramLabel = "SECONDS",
        defaultValue = "10",
        description = "Seconds to wait before KILL (default ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--no-kill", description = "Never send KILL: let the process take its time.")
    boolean noKill;

    @Parameters(paramLabel = "ID", arity = "1..*")
    List<String> ids;

    @Override
    public void run() {
      each(
          spec,
          ids,
          Main.Need.AGENT,
          (berth, id) -> {
            berth.containers().stop(id, Duration.ofSeconds(seconds), noKill);
            spec.commandLine().getOut().println(id);
          });
    }
  }

  /** {@code berth kill [-s SIGNAL] ID...}. */
  @Command(
      name = "kill",
      mixinStandardHelpOptions = true,
      description = "Send a signal to containers (KILL by default).")
  static final class Kill implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = {"-s", "--signal"},
        paramLabel = "SIGNAL",
        defaultValue = "KILL",
        description = "A name (TERM, SIGHUP) or number.")
    String signal;

    @Parameters(paramLabel = "ID", arity = "1..*")
    List<String> ids;

    @Override
    public void run() {
      each(
          spec,
          ids,
          Main.Need.AGENT,
          (berth, id) -> {
            berth.containers().kill(id, signal);
            spec.commandLine().getOut().println(id);
          });
    }
  }

  /** {@code berth rm [-f] ID...}. */
  @Command(
      name = "rm",
      mixinStandardHelpOptions = true,
      description = "Remove containers: their record, logs and writable layer.")
  static final class Rm implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = {"-f", "--force"},
        description = "Kill a running container first.")
    boolean force;

    @Parameters(paramLabel = "ID", arity = "1..*")
    List<String> ids;

    @Override
    public void run() {
      each(
          spec,
          ids,
          Main.Need.STORE,
          (berth, id) -> {
            berth.containers().remove(id, force);
            spec.commandLine().getOut().println(id);
          });
    }
  }

  /** {@code berth diff ID}. */
  @Command(
      name = "diff",
      mixinStandardHelpOptions = true,
      description = "Files added (A), changed (C) and deleted (D) in a writable container.")
  static final class Diff implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin Output output;

    @Parameters(paramLabel = "ID")
    String id;

    @Override
    public void run() {
      List<Change> changes;
      try (Berth berth = Main.connect(spec)) {
        changes = berth.containers().changes(id);
      }
      if (output.json()) {
        output.printJson(changes);
      } else {
        changes.forEach(c -> output.out().println(c.kind() + " " + c.path()));
      }
    }
  }
}
