package io.berth.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.berth.spec.Json;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code --format table|json} and where output goes. */
final class Output {
  /** Made at the first JSON output: every command has this mixin, few print JSON. */
  private static final class Pretty {
    static final ObjectWriter JSON = Json.lenient().writerWithDefaultPrettyPrinter();
  }

  @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
  CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--format",
      description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).",
      defaultValue = "table")
  Format format;

  enum Format {
    table,
    json
  }

  boolean json() {
    return format == Format.json;
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  void printJson(Object value) {
    try {
      out().println(Pretty.JSON.writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
    }
  }
}
