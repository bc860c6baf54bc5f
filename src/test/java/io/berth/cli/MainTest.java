package io.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The model {@link Main#run} builds: the one command named, or every command. */
class MainTest {
  private static final Map<String, CommandLine> FULL = new CommandLine(new Main()).getSubcommands();

  @Test
  void command_eachSubcommandOfTheFullModel_isMadeAloneByName() {
    assertThat(FULL).hasSizeGreaterThan(15);
    FULL.forEach(
        (name, full) -> {
          Object alone = Main.command(name);
          if (name.equals("help")) {
            assertThat(alone).isNull();
          } else {
            assertThat(alone).as(name).isNotNull();
            assertThat(alone.getClass())
                .as(name)
                .isEqualTo(full.getCommandSpec().userObject().getClass());
          }
        });
  }

  @Test
  void model_aCommandAfterGlobalOptions_hasThatCommandOnly() {
    for (String[] args :
        new String[][] {
          {"run", "--rm", "busybox", "true"},
          {"--root", "/tmp/r", "--state=/tmp/s", "run", "busybox"},
          {"--registries", "run", "run", "busybox"},
        }) {
      CommandLine model = Main.model(args);
      assertThat(model.getSubcommands()).as(String.join(" ", args)).containsOnlyKeys("run");
      assertThat(model.getCommandSpec().userObject()).isNotInstanceOf(Main.class);
    }
    assertThat(Main.model(new String[] {"image", "ls"}).getSubcommands()).containsOnlyKeys("image");
  }

  @Test
  void model_noCommandAnUnknownOneOrHelpFirst_isTheFullModel() {
    for (String[] args :
        new String[][] {
          {},
          {"--help"},
          {"-h", "run"},
          {"--version"},
          {"bogus"},
          {"help", "run"},
          {"--bogus", "run"},
          {"--root", "/tmp/r"}
        }) {
      assertThat(Main.model(args).getSubcommands().keySet())
          .as(String.join(" ", args))
          .isEqualTo(FULL.keySet());
    }
  }

  @Test
  void usage_ofEachCommandAlone_isWhatTheFullModelShows() {
    FULL.forEach(
        (name, full) -> {
          if (!name.equals("help")) {
            CommandLine alone = Main.model(new String[] {name}).getSubcommands().get(name);
            assertThat(usage(alone)).as(name).isEqualTo(usage(full));
          }
        });
  }

  @Test
  void model_aCommandAlone_takesTheGlobalOptionsAfterItToo() {
    String[] args = {"ps", "-a", "--root", "/tmp/berth-root", "--state=/tmp/berth-state"};
    CommandLine model = Main.model(args);
    model.parseArgs(args);

    GlobalOptions global = (GlobalOptions) model.getCommandSpec().userObject();
    assertThat(global.root).hasToString("/tmp/berth-root");
    assertThat(global.state).hasToString("/tmp/berth-state");
  }

  private static String usage(CommandLine command) {
    StringWriter text = new StringWriter();
    command.usage(new PrintWriter(text, true));
    return text.toString();
  }
}
