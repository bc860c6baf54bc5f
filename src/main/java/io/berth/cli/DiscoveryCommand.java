package io.berth.cli;

import io.berth.api.Berth;
import io.berth.api.ServiceInstance;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code berth discovery ls [SERVICE]}. */
@Command(
    name = "discovery",
    mixinStandardHelpOptions = true,
    description = "Service discovery: what is registered.",
    subcommands = {DiscoveryCommand.Ls.class})
final class DiscoveryCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code berth discovery ls [SERVICE]}. */
  @Command(
      name = "ls",
      mixinStandardHelpOptions = true,
      description = "List the registered instances, of every service or of one.")
  static final class Ls implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin Output output;

    @Parameters(paramLabel = "SERVICE", arity = "0..1", description = "only this service")
    String service;

    @Override
    public void run() {
      List<ServiceInstance> instances;
      try (Berth berth = Main.connect(spec, Main.Need.AGENT)) {
        instances = service == null ? berth.discovery().list() : berth.discovery().list(service);
      }
      if (output.json()) {
        output.printJson(instances);
        return;
      }
      Table table = new Table("SERVICE", "ID", "ADDRESS", "PORT", "TAGS", "META");
      for (ServiceInstance i : instances) {
        table.row(
            i.name(),
            i.id(),
            i.address(),
            Integer.toString(i.port()),
            i.tags().isEmpty() ? "-" : String.join(",", i.tags()),
            i.meta().isEmpty() ? "-" : meta(i.meta()));
      }
      table.print(output.out());
    }

    private static String meta(Map<String, String> meta) {
      return meta.entrySet().stream()
          .map(e -> e.getKey() + "=" + e.getValue())
          .collect(Collectors.joining(","));
    }
  }
}
