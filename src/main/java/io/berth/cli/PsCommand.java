package io.berth.cli;

import io.berth.api.Berth;
import io.berth.api.ContainerSummary;
import io.berth.api.ServiceInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code berth ps}. */
@Command(
    name = "ps",
    mixinStandardHelpOptions = true,
    description = "List containers (running ones unless -a).")
final class PsCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin Output output;

  @Option(
      names = {"-a", "--all"},
      description = "Show every container, not only running ones.")
  boolean all;

  @Option(
      names = {"-q", "--quiet"},
      description = "Print only ids.")
  boolean quiet;

  @Option(names = "--no-trunc", description = "Full ids and commands.")
  boolean noTrunc;

  @Override
  public void run() {
    List<ContainerSummary> containers;
    Map<String, String> health = new HashMap<>();
    try (Berth berth = Main.connect(spec)) {
      containers = berth.containers().list(all);
      if (!quiet && !output.json()) {
        health = serviceHealth(berth);
      }
    }
    if (output.json()) {
      output.printJson(containers);
      return;
    }
    if (quiet) {
      containers.forEach(c -> output.out().println(noTrunc ? c.id() : c.id().substring(0, 12)));
      return;
    }
    Table table = new Table("CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "NAMES");
    for (ContainerSummary c : containers) {
      table.row(
          noTrunc ? c.id() : c.id().substring(0, 12),
          c.image(),
          "\""
              + (noTrunc || c.command().length() <= 20
                  ? c.command()
                  : c.command().substring(0, 19) + "…")
              + "\"",
          ImagesCommand.ago(c.created()),
          status(c) + (health.containsKey(c.id()) ? " (" + health.get(c.id()) + ")" : ""),
          c.name());
    }
    table.print(output.out());
  }

  /**
   * The health of the containers that run services with checks, by container id, as Docker shows it
   * after the status; nothing without an agent.
   */
  private static Map<String, String> serviceHealth(Berth berth) {
    Map<String, String> health = new HashMap<>();
    try {
      for (ServiceInfo s : berth.services().list()) {
        if (s.containerId() != null && s.health() != null) {
          health.put(s.containerId(), s.health());
        }
      }
    } catch (RuntimeException e) {
      // no agent, or one that keeps no services: no health to show
    }
    return health;
  }

  /** As docker prints it: {@code Up 3 minutes}, {@code Exited (0) 2 hours ago}, {@code Created}. */
  static String status(ContainerSummary c) {
    return switch (c.state()) {
      case "running" -> "Up " + duration(c.started());
      case "exited" ->
          "Exited ("
              + (c.exitCode() == null ? "unknown" : c.exitCode())
              + ") "
              + ImagesCommand.ago(c.finished());
      case "created" -> "Created";
      default -> c.state().substring(0, 1).toUpperCase() + c.state().substring(1);
    };
  }

  private static String duration(Instant since) {
    if (since == null) {
      return "";
    }
    Duration d = Duration.between(since, Instant.now());
    if (d.toSeconds() < 60) {
      return d.toSeconds() <= 1 ? "Less than a second" : d.toSeconds() + " seconds";
    }
    if (d.toMinutes() < 60) {
      return d.toMinutes() == 1 ? "About a minute" : d.toMinutes() + " minutes";
    }
    if (d.toHours() < 48) {
      return d.toHours() == 1 ? "About an hour" : d.toHours() + " hours";
    }
    return d.toDays() + " days";
  }
}
