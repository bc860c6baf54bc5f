package io.berth.cli;

import io.berth.api.Berth;
import io.berth.api.ContainerStats;
import io.berth.api.ContainerSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code berth stats [ID...]}: one reading; CPU % over a one-second window. */
@Command(
    name = "stats",
    mixinStandardHelpOptions = true,
    description = "CPU, memory, pids and block I/O of running containers, from their cgroups.")
final class StatsCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin Output output;

  @Parameters(
      paramLabel = "ID",
      arity = "0..*",
      description = "Containers (default: every running one).")
  List<String> ids = new ArrayList<>();

  @Override
  public void run() {
    try (Berth berth = Main.connect(spec, Main.Need.AGENT)) {
      List<String> targets = new ArrayList<>(ids);
      if (targets.isEmpty()) {
        berth.containers().list(false).stream().map(ContainerSummary::id).forEach(targets::add);
      }
      List<ContainerStats> first = new ArrayList<>();
      for (String id : targets) {
        first.add(berth.containers().stats(id));
      }
      if (output.json()) {
        output.printJson(first);
        return;
      }
      long start = System.nanoTime();
      sleep();
      long window = System.nanoTime() - start;
      Table table =
          new Table("CONTAINER ID", "NAME", "CPU %", "MEM USAGE / LIMIT", "PIDS", "BLOCK I/O");
      for (ContainerStats before : first) {
        ContainerStats now = berth.containers().stats(before.id());
        double cpu = 100.0 * (now.cpuNanos() - before.cpuNanos()) / window;
        table.row(
            now.id().substring(0, 12),
            now.name(),
            String.format(Locale.ROOT, "%.2f%%", cpu),
            Sizes.human(now.memoryBytes())
                + " / "
                + (now.memoryLimitBytes() == 0 ? "no limit" : Sizes.human(now.memoryLimitBytes())),
            now.pids() + (now.pidsLimit() == 0 ? "" : " / " + now.pidsLimit()),
            Sizes.human(now.readBytes()) + " / " + Sizes.human(now.writeBytes()));
      }
      table.print(output.out());
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
