package io.berth.cli;

import io.berth.api.Berth;
import io.berth.api.ConfigStatus;
import io.berth.api.ServiceHistory;
import io.berth.api.ServiceInfo;
import io.berth.api.TaskInfo;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth service
 * ls|inspect|start|stop|restart|rollback|history|reload|tasks|maintenance|signal|task|import}.
 */
@Command(
    name = "service",
    mixinStandardHelpOptions = true,
    description = "Services the agent keeps running and upgraded (declared in its configuration).",
    subcommands = {
      ServiceCommand.Ls.class,
      ServiceCommand.Inspect.class,
      ServiceCommand.Start.class,
      ServiceCommand.Stop.class,
      ServiceCommand.Restart.class,
      ServiceCommand.Rollback.class,
      ServiceCommand.History.class,
      ServiceCommand.Reload.class,
      ServiceCommand.Tasks.class,
      ServiceCommand.Maintenance.class,
      ServiceCommand.Signal.class,
      ServiceCommand.TaskAction.class,
      ServiceImportCommand.class
    })
final class ServiceCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static String shortDigest(String digest) {
    if (digest == null) {
      return "-";
    }
    String hex = digest.substring(digest.indexOf(':') + 1);
    return hex.substring(0, Math.min(12, hex.length()));
  }

  /** {@code berth service ls}. */
  @Command(
      name = "ls",
      mixinStandardHelpOptions = true,
      description = "List services and their state.")
  static final class Ls implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin Output output;

    @Override
    public void run() {
      List<ServiceInfo> services;
      try (Berth berth = Main.connect(spec, Main.Need.AGENT)) {
        services = berth.services().list();
      }
      if (output.json()) {
        output.printJson(services);
        return;
      }
      Table table =
          new Table("NAME", "STATUS", "HEALTH", "IMAGE", "DIGEST", "CONTAINER", "RESTARTS");
      for (ServiceInfo s : services) {
        table.row(
            s.name(),
            s.status() + (s.maintenance() ? " (maintenance)" : ""),
            s.health() == null ? "-" : s.health(),
            s.image(),
            shortDigest(s.digest()) + (s.pinned() ? " (pinned)" : ""),
            s.containerId() == null ? "-" : s.containerId().substring(0, 12),
            Integer.toString(s.restarts()));
      }
      table.print(output.out());
    }
  }

  /** {@code berth service inspect NAME}. */
  @Command(
      name = "inspect",
      mixinStandardHelpOptions = true,
      description = "Show a service in full, as JSON.")
  static final class Inspect implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin Output output;

    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    public void run() {
      try (Berth berth = Main.connect(spec, Main.Need.AGENT)) {
        output.printJson(berth.services().inspect(name));
      }
    }
  }

  /** The user actions share their shape. */
  abstract static class Action implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin Output output;

    @Parameters(paramLabel = "NAME")
    String name;

    abstract String action();

    @Override
    public void run() {
      ServiceInfo after;
      try (Berth berth = Main.connect(spec, Main.Need.AGENT)) {
        after = berth.services().act(name, action());
      }
      if (output.json()) {
        output.printJson(after);
      } else {
        output
            .out()
            .printf("%s: %s (%s)%n", after.name(), after.status(), shortDigest(after.digest()));
      }
    }
  }

  /** {@code berth service start NAME}. */
  @Command(
      name = "start",
      mixinStandardHelpOptions = true,
      description = "Start a service a user stopped.")
  static final class Start extends Action {
    @Override
    String action() {
      return "start";
    }
  }

  /** {@code berth service stop NAME}. */
  @Command(
      name = "stop",
      mixinStandardHelpOptions = true,
      description = "Stop a service by its stop policy; it stays stopped until started.")
  static final class Stop extends Action {
    @Override
    String action() {
      return "stop";
    }
  }

  /** {@code berth service restart NAME}. */
  @Command(
      name = "restart",
      mixinStandardHelpOptions = true,
      description = "Replace a service's container (same version), by its update order.")
  static final class Restart extends Action {
    @Override
    String action() {
      return "restart";
    }
  }

  /** {@code berth service rollback NAME}. */
  @Command(
      name = "rollback",
      mixinStandardHelpOptions = true,
      description =
          "Go back to the version before the last upgrade; the current one is not retried until the tag moves.")
  static final class Rollback extends Action {
    @Override
    String action() {
      return "rollback";
    }
  }

  /** {@code berth service tasks NAME}. */
  @Command(
      name = "tasks",
      mixinStandardHelpOptions = true,
      description =
          "The tasks of a running service: role, status, pid, restarts, last exit, health; a periodic task's runs with --runs.")
  static final class Tasks implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin Output output;

    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = "--runs", description = "List the kept runs of periodic tasks too.")
    boolean runs;

    @Override
    public void run() {
      ServiceInfo service;
      try (Berth berth = Main.connect(spec, Main.Need.AGENT)) {
        service = berth.services().inspect(name);
      }
      if (output.json()) {
        output.printJson(service.tasks());
        return;
      }
      Table table = new Table("TASK", "ROLE", "STATUS", "PID", "RESTARTS", "EXIT", "HEALTH");
      for (TaskInfo t : service.tasks()) {
        table.row(
            t.name(),
            t.role(),
            t.status(),
            t.pid() == 0 ? "-" : Integer.toString(t.pid()),
            Integer.toString(t.restarts()),
            t.exitCode() == null ? "-" : t.exitCode().toString(),
            t.health() == null ? "-" : t.health());
      }
      table.print(output.out());
      if (runs) {
        Table listing = new Table("TASK", "STARTED", "OUTCOME", "EXIT", "OUTPUT");
        for (TaskInfo t : service.tasks()) {
          for (TaskInfo.Run r : t.runs()) {
            String text = r.output() == null ? "" : r.output().strip().replace('\n', ' ');
            listing.row(
                t.name(),
                r.started().toString(),
                r.outcome(),
                r.exitCode() == null ? "-" : r.exitCode().toString(),
                text.length() > 60 ? text.substring(0, 57) + "..." : text);
          }
        }
        output.out().println();
        listing.print(output.out());
      }
    }
  }

  /** {@code berth service maintenance on|off NAME|--all}. */
  @Command(
      name = "maintenance",
      mixinStandardHelpOptions = true,
      description =
          "Put a service in maintenance (it runs on, but reports itself out of service) or take it out; --all for every service.")
  static final class Maintenance implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin Output output;

    @Parameters(index = "0", paramLabel = "on|off")
    String mode;

    @Parameters(index = "1", paramLabel = "NAME", arity = "0..1")
    String name;

    @Option(names = "--all", description = "Every service.")
    boolean all;

    @Override
    public void run() {
      boolean on =
          switch (mode) {
            case "on" -> true;
            case "off" -> false;
            default ->
                throw new CommandLine.ParameterException(
                    spec.commandLine(), "maintenance is 'on' or 'off', not '" + mode + "'");
          };
      if (all == (name != null)) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "name one service, or give --all");
      }
      try (Berth berth = Main.connect(spec, Main.Need.AGENT)) {
        if (all) {
          List<String> in = berth.services().maintenanceAll(on);
          if (output.json()) {
            output.printJson(in);
          } else {
            output
                .out()
                .println(
                    in.isEmpty()
                        ? "no service in maintenance"
                        : "in maintenance: " + String.join(", ", in));
          }
          return;
        }
        ServiceInfo after = berth.services().maintenance(name, on);
        if (output.json()) {
          output.printJson(after);
        } else {
          output
              .out()
              .printf(
                  "%s: %s%s%n",
                  after.name(), after.status(), after.maintenance() ? " (maintenance)" : "");
        }
      }
    }
  }

  /** {@code berth service signal NAME SIGNAL [--task T]}. */
  @Command(
      name = "signal",
      mixinStandardHelpOptions = true,
      description = "Send a signal to a service's main process, or to one of its tasks.")
  static final class Signal implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Parameters(
        index = "1",
        paramLabel = "SIGNAL",
        description = "A name (HUP, SIGUSR1) or number.")
    String signal;

    @Option(names = "--task", paramLabel = "TASK", description = "The task (default: main).")
    String task;

    @Override
    public void run() {
      try (Berth berth = Main.connect(spec, Main.Need.AGENT)) {
        berth.services().signal(name, task, signal);
      }
    }
  }

  /** {@code berth service task start|stop NAME TASK}. */
  @Command(
      name = "task",
      mixinStandardHelpOptions = true,
      description = "Start or stop a sidecar of a running service; a stopped one stays down.")
  static final class TaskAction implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin Output output;

    @Parameters(index = "0", paramLabel = "start|stop")
    String action;

    @Parameters(index = "1", paramLabel = "NAME")
    String name;

    @Parameters(index = "2", paramLabel = "TASK")
    String task;

    @Override
    public void run() {
      ServiceInfo after;
      try (Berth berth = Main.connect(spec, Main.Need.AGENT)) {
        after = berth.services().task(name, task, action);
      }
      if (output.json()) {
        output.printJson(after);
        return;
      }
      after.tasks().stream()
          .filter(t -> t.name().equals(task))
          .findFirst()
          .ifPresent(t -> output.out().printf("%s/%s: %s%n", after.name(), t.name(), t.status()));
    }
  }

  /** {@code berth service history NAME}. */
  @Command(
      name = "history",
      mixinStandardHelpOptions = true,
      description = "A service's upgrades, rollbacks and restarts, newest first.")
  static final class History implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin Output output;

    @Parameters(paramLabel = "NAME")
    String name;

    @Option(
        names = {"-n", "--limit"},
        defaultValue = "20",
        description = "How many entries (default ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public void run() {
      List<ServiceHistory> history;
      try (Berth berth = Main.connect(spec, Main.Need.AGENT)) {
        history = berth.services().history(name, limit);
      }
      if (output.json()) {
        output.printJson(history);
        return;
      }
      Table table = new Table("WHEN", "KIND", "FROM", "TO", "OUTCOME", "REASON");
      for (ServiceHistory h : history) {
        table.row(
            ImagesCommand.ago(h.started()),
            h.kind(),
            shortDigest(h.from()),
            shortDigest(h.to()),
            h.outcome() == null ? "in progress" : h.outcome(),
            h.reason() == null ? "" : h.reason());
      }
      table.print(output.out());
    }
  }

  /** {@code berth service reload}. */
  @Command(
      name = "reload",
      mixinStandardHelpOptions = true,
      description = "Read the configuration again and apply what changed (as SIGHUP does).")
  static final class Reload implements java.util.concurrent.Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin Output output;

    @Override
    public Integer call() {
      ConfigStatus status;
      try (Berth berth = Main.connect(spec, Main.Need.AGENT)) {
        status = berth.services().reload();
      }
      if (output.json()) {
        output.printJson(status);
      } else if (status.lastError() != null) {
        output
            .err()
            .println(
                "berth: the configuration was not reloaded; the previous one stays: "
                    + status.lastError());
      } else {
        output
            .out()
            .printf("reloaded %s: %d service(s)%n", status.source(), status.services().size());
      }
      return status.lastError() == null ? 0 : Main.FAILED;
    }
  }
}
