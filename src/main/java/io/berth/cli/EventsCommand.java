package io.berth.cli;

import io.berth.api.AgentEvent;
import io.berth.api.Berth;
import io.berth.api.EventQuery;
import io.berth.spec.Json;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code berth events}: what the agent does, as it happens (and before, with --since). */
@Command(
    name = "events",
    mixinStandardHelpOptions = true,
    description = "Print the agent's events as they happen: containers, services, health, config.")
final class EventsCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin Output output;

  @Option(
      names = "--since",
      paramLabel = "SEQ",
      description = "First the kept events after sequence SEQ (0: all kept), then live ones.")
  Long since;

  @Option(
      names = "--type",
      paramLabel = "TYPE",
      description =
          "Only events whose type starts with TYPE (container., service.upgrade); repeat.")
  List<String> types = List.of();

  @Option(names = "--service", paramLabel = "NAME", description = "Only events of this service.")
  String service;

  @Option(
      names = "--container",
      paramLabel = "ID|NAME",
      description = "Only events of this container.")
  String container;

  @Option(
      names = "--notices",
      description = "Also events that are not kept, such as each health check's result.")
  boolean notices;

  @Option(names = "--count", paramLabel = "N", description = "Stop after N events.")
  long count;

  @Override
  public void run() {
    AtomicLong seen = new AtomicLong();
    try (Berth berth = Main.connect(spec, Main.Need.AGENT)) {
      berth
          .events()
          .watch(
              new EventQuery(since, types, service, container, notices),
              event -> {
                print(event);
                return count <= 0 || seen.incrementAndGet() < count;
              });
    }
  }

  private void print(AgentEvent event) {
    if (output.json()) {
      try {
        output.out().println(Json.lenient().writeValueAsString(event));
      } catch (IOException e) {
        throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
      }
    } else {
      output.out().println(line(event));
    }
    output.out().flush();
  }

  /** {@code 12 2026-01-01T00:00:00Z container.start 3f2a… name=web}. */
  static String line(AgentEvent event) {
    String attributes =
        event.attributes().entrySet().stream()
            .sorted(Map.Entry.comparingByKey())
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(" "));
    return "%s %s %s %s%s"
        .formatted(
            event.notice() ? "-" : Long.toString(event.sequence()),
            event.time(),
            event.type(),
            event.subject() == null ? "-" : event.subject(),
            attributes.isEmpty() ? "" : " " + attributes);
  }
}
