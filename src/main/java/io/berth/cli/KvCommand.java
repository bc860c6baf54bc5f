package io.berth.cli;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.berth.api.ApiException;
import io.berth.api.Berth;
import io.berth.api.KvDeleted;
import io.berth.api.KvEntry;
import io.berth.api.KvEvent;
import io.berth.api.KvListing;
import io.berth.api.KvLoadResult;
import io.berth.spec.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth kv get|put|rm|ls|dump|load|watch}: the agent's configuration store. */
@Command(
    name = "kv",
    mixinStandardHelpOptions = true,
    description =
        "The configuration store: JSON values at paths such as /org/app/db/port (see docs/kv.md).",
    subcommands = {
      KvCommand.Get.class,
      KvCommand.Put.class,
      KvCommand.Rm.class,
      KvCommand.Ls.class,
      KvCommand.Dump.class,
      KvCommand.Load.class,
      KvCommand.Watch.class
    })
final class KvCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static Berth agent(CommandLine.Model.CommandSpec spec) {
    return Main.connect(spec, Main.Need.AGENT);
  }

  /** A value as a user reads it: a string as it is, anything else as JSON. */
  static String text(JsonNode value) {
    return value.isTextual() ? value.asText() : value.toString();
  }

  /** A value as a user types it: JSON when it parses as JSON, else the string itself. */
  static JsonNode parse(String text) {
    try {
      JsonNode value = Json.strict().readTree(text);
      if (value != null && !value.isMissingNode()) {
        return value;
      }
    } catch (JacksonException e) {
      // not JSON: a string
    }
    return TextNode.valueOf(text);
  }

  /** {@code berth kv get KEY}. */
  @Command(
      name = "get",
      mixinStandardHelpOptions = true,
      description = "Print a key's value (a string as it is, anything else as JSON).")
  static final class Get implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin Output output;

    @Parameters(paramLabel = "KEY")
    String key;

    @Option(names = "--reveal", description = "Show a secret's value.")
    boolean reveal;

    @Override
    public void run() {
      KvEntry entry;
      try (Berth berth = agent(spec)) {
        entry = berth.kv().get(key, reveal);
      }
      if (output.json()) {
        output.printJson(entry);
      } else {
        output.out().println(text(entry.value()));
      }
    }
  }

  /** {@code berth kv put KEY VALUE}. */
  @Command(
      name = "put",
      mixinStandardHelpOptions = true,
      description =
          "Write a key. VALUE is taken as JSON when it parses (5432, true, [\"a\"], {\"a\": 1},"
              + " \"quoted\"), else as a string.")
  static final class Put implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin Output output;

    @Parameters(index = "0", paramLabel = "KEY")
    String key;

    @Parameters(index = "1", paramLabel = "VALUE")
    String value;

    @Option(names = "--secret", description = "Encrypt the value at rest and hide it when read.")
    boolean secret;

    @Option(
        names = "--cas",
        paramLabel = "REV",
        description = "Write only if the key's revision is REV (0: only if it does not exist).")
    Long cas;

    @Override
    public void run() {
      KvEntry entry;
      try (Berth berth = agent(spec)) {
        entry = berth.kv().put(key, parse(value), secret, cas);
      }
      if (output.json()) {
        output.printJson(entry);
      } else {
        output.out().printf("%s: revision %d%n", entry.path(), entry.modRevision());
      }
    }
  }

  /** {@code berth kv rm KEY}, {@code berth kv rm -r DIR}. */
  @Command(
      name = "rm",
      mixinStandardHelpOptions = true,
      description = "Delete a key, or with -r every key below a directory.")
  static final class Rm implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin Output output;

    @Parameters(paramLabel = "PATH")
    String path;

    @Option(
        names = {"-r", "--recurse"},
        description = "Delete the directory PATH and all below it.")
    boolean recurse;

    @Option(
        names = "--cas",
        paramLabel = "REV",
        description = "Delete only if the key's revision is REV.")
    Long cas;

    @Override
    public void run() {
      KvDeleted deleted;
      try (Berth berth = agent(spec)) {
        deleted = recurse ? berth.kv().deleteTree(path) : berth.kv().delete(path, cas);
      }
      if (output.json()) {
        output.printJson(deleted);
      } else {
        output
            .out()
            .printf(
                "%s: %d key%s deleted, revision %d%n",
                deleted.path(),
                deleted.deleted(),
                deleted.deleted() == 1 ? "" : "s",
                deleted.revision());
      }
    }
  }

  /** {@code berth kv ls [DIR]}. */
  @Command(
      name = "ls",
      mixinStandardHelpOptions = true,
      description = "List a directory's keys and subdirectories (default: /).")
  static final class Ls implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin Output output;

    @Parameters(paramLabel = "DIR", defaultValue = "/")
    String directory;

    @Override
    public void run() {
      KvListing listing;
      try (Berth berth = agent(spec)) {
        listing = berth.kv().list(directory);
      }
      if (output.json()) {
        output.printJson(listing);
        return;
      }
      Table table = new Table("NAME", "VALUE", "REVISION");
      for (String sub : listing.directories()) {
        String name = sub.substring(listing.directory().length());
        table.row(name, "-", "-");
      }
      for (KvEntry key : listing.keys()) {
        table.row(
            key.path().substring(listing.directory().length()),
            text(key.value()),
            Long.toString(key.modRevision()));
      }
      table.print(output.out());
    }
  }

  /** {@code berth kv dump [DIR]}. */
  @Command(
      name = "dump",
      mixinStandardHelpOptions = true,
      description = "Print a directory's keys, recursively, as JSON or in dconf's dump format.")
  static final class Dump implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "DIR", defaultValue = "/")
    String directory;

    @Option(
        names = "--format",
        description = "json or dconf (as 'dconf dump' writes; default: ${DEFAULT-VALUE}).",
        defaultValue = "json")
    Format format;

    @Option(names = "--reveal", description = "Show secrets' values.")
    boolean reveal;

    enum Format {
      json,
      dconf
    }

    @Override
    public void run() {
      try (Berth berth = agent(spec)) {
        if (format == Format.dconf) {
          spec.commandLine().getOut().print(berth.kv().dumpDconf(directory, reveal));
          spec.commandLine().getOut().flush();
        } else {
          String json;
          try {
            json =
                Json.lenient()
                    .writerWithDefaultPrettyPrinter()
                    .writeValueAsString(berth.kv().tree(directory, reveal).tree());
          } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
          }
          spec.commandLine().getOut().println(json);
        }
      }
    }
  }

  /** {@code berth kv load [DIR] FILE|-}. */
  @Command(
      name = "load",
      mixinStandardHelpOptions = true,
      description =
          "Write what a 'dconf dump' text holds below DIR (default: /), as 'dconf load' does;"
              + " FILE - reads standard input.")
  static final class Load implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin Output output;

    @Parameters(arity = "1..2", paramLabel = "[DIR] FILE")
    List<String> arguments;

    @Override
    public void run() {
      String directory = arguments.size() == 2 ? arguments.get(0) : "/";
      String file = arguments.getLast();
      String text;
      try {
        text =
            file.equals("-")
                ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
                : Files.readString(Path.of(file), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw ApiException.badRequest("cannot read %s: %s".formatted(file, e.getMessage()));
      }
      KvLoadResult result;
      try (Berth berth = agent(spec)) {
        result = berth.kv().loadDconf(directory, text);
      }
      if (output.json()) {
        output.printJson(result);
        return;
      }
      output
          .out()
          .printf(
              "%d key%s written%s, revision %d%n",
              result.written().size(),
              result.written().size() == 1 ? "" : "s",
              result.keptSecrets().isEmpty()
                  ? ""
                  : "; %d secret%s kept as they were"
                      .formatted(
                          result.keptSecrets().size(), result.keptSecrets().size() == 1 ? "" : "s"),
              result.revision());
    }
  }

  /** {@code berth kv watch PATH}. */
  @Command(
      name = "watch",
      mixinStandardHelpOptions = true,
      description =
          "Print each change of a key, or of every key below a directory (PATH ending with /),"
              + " as it happens.")
  static final class Watch implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin Output output;

    @Parameters(paramLabel = "PATH")
    String path;

    @Option(
        names = "--since",
        paramLabel = "REV",
        description = "Start with the changes after revision REV (default: from now on).")
    long since;

    @Option(
        names = "--count",
        paramLabel = "N",
        description = "Stop after N changes (default: never).")
    long count;

    @Override
    public void run() {
      AtomicLong seen = new AtomicLong();
      try (Berth berth = agent(spec)) {
        berth
            .kv()
            .watch(
                path,
                since,
                event -> {
                  print(event);
                  return count <= 0 || seen.incrementAndGet() < count;
                });
      }
    }

    private void print(KvEvent event) {
      if (output.json()) {
        try {
          output.out().println(Json.lenient().writeValueAsString(event));
        } catch (IOException e) {
          throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
      } else if (event.type().equals(KvEvent.DELETED)) {
        output.out().printf("%d deleted %s%n", event.revision(), event.path());
      } else {
        output
            .out()
            .printf(
                "%d changed %s = %s%n",
                event.revision(), event.path(), text(event.entry().value()));
      }
      output.out().flush();
    }
  }
}
