package io.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.spec.Json;
import io.berth.testing.BerthHome;
import io.berth.testing.PushedImage;
import io.berth.testing.TestImages;
import io.berth.testing.TestRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ImageCommandsTest {
  private static TestRegistry registry;
  private static PushedImage image;
  private BerthHome home;
  private Cli cli;

  @BeforeAll
  static void startRegistry() {
    registry = TestRegistry.plain();
    image = TestImages.busyboxVersion(registry, "cli/app:1", 1);
  }

  @AfterAll
  static void stopRegistry() {
    registry.close();
  }

  @BeforeEach
  void openHome() {
    home = BerthHome.create().trust(registry);
    cli = new Cli(home);
  }

  @AfterEach
  void closeHome() {
    home.close();
  }

  @Test
  void pull_piped_printsPlainProgressLinesAndTheDigest() {
    Cli.Result result = cli.run("pull", image.reference());

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out())
        .contains("Digest: " + image.digest())
        .contains("Downloaded newer image for " + image.reference());
    String layer = image.imageManifest().layers().get(1).digest().hex().substring(0, 12);
    assertThat(result.err())
        .contains(layer + ": pulling")
        .contains(layer + ": done")
        .doesNotContain("\033[");

    Cli.Result again = cli.run("pull", image.reference());
    assertThat(again.out()).contains("Image is up to date for " + image.reference());
    assertThat(again.err()).contains(layer + ": already present");
  }

  @Test
  void pull_quiet_printsOnlyTheDigest() {
    Cli.Result result = cli.run("pull", "-q", image.reference());
    assertThat(result.out().strip()).isEqualTo(image.digest().toString());
    assertThat(result.err()).isEmpty();
  }

  @Test
  void pull_jsonFormat_printsTheResultAsJson() throws Exception {
    Cli.Result result = cli.run("pull", "--format", "json", image.reference());

    JsonNode json = Json.lenient().readTree(result.out());
    assertThat(json.get("digest").asText()).isEqualTo(image.digest().toString());
    assertThat(json.get("layersPulled").asInt()).isEqualTo(2);
    assertThat(json.get("reference").asText()).isEqualTo(image.reference());
  }

  @Test
  void images_afterPull_listsTheReferenceInATableAndAsJson() throws Exception {
    cli.run("pull", image.reference());

    Cli.Result table = cli.run("images");
    assertThat(table.out().lines().findFirst().orElseThrow())
        .startsWith("REPOSITORY")
        .contains("TAG", "DIGEST", "IMAGE ID", "CREATED", "SIZE");
    assertThat(table.out())
        .contains(registry.host() + "/cli/app")
        .contains(image.digest().hex().substring(0, 12));

    JsonNode json = Json.lenient().readTree(cli.run("images", "--format", "json").out());
    assertThat(json.isArray()).isTrue();
    assertThat(json.get(0).get("references").get(0).asText()).isEqualTo(image.reference());

    Cli.Result quiet = cli.run("images", "-q");
    assertThat(quiet.out().strip()).hasSize(12);
  }

  @Test
  void imageInspect_printsConfigAndLayers() throws Exception {
    cli.run("pull", image.reference());

    Cli.Result result = cli.run("image", "inspect", image.reference());

    assertThat(result.exitCode()).isZero();
    JsonNode json = Json.lenient().readTree(result.out());
    assertThat(json.get(0).get("layers")).hasSize(2);
    assertThat(
            json.get(0)
                .get("config")
                .get("config")
                .get("Labels")
                .get("org.opencontainers.image.version")
                .asText())
        .isEqualTo("1");
  }

  @Test
  void rmi_removesAndReportsWhatItRemoved() {
    cli.run("pull", image.reference());

    Cli.Result result = cli.run("rmi", image.reference());

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .contains("Untagged: " + image.reference())
        .contains("Deleted: sha256:");
    assertThat(cli.run("images", "-q").out()).isEmpty();
  }

  @Test
  void rmi_unknownImage_exitsOneWithAMessage() {
    Cli.Result result = cli.run("rmi", "nothing:here");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).startsWith("berth: ").contains("no image 'nothing:here'");
  }

  @Test
  void pull_badReference_exitsTwo() {
    Cli.Result result = cli.run("pull", "Not/Valid");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("invalid image reference 'Not/Valid'");
  }

  @Test
  void pull_unknownRepository_exitsOne() {
    Cli.Result result = cli.run("pull", registry.ref("no/such:thing"));
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).contains("not found");
  }

  @Test
  void unknownOption_exitsTwoAndPointsAtHelp() {
    Cli.Result result = cli.run("pull", "--bogus", image.reference());
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("Unknown option: '--bogus'").contains("berth pull --help");
  }

  @Test
  void prune_printsASummary() {
    Cli.Result result = cli.run("prune");
    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).startsWith("Removed 0 images, 0 blobs, 0 snapshots; freed 0B");
  }

  @Test
  void help_everyCommand_printsUsageAndExitsZero() {
    Cli bare = new Cli(null);
    List<List<String>> commands = new ArrayList<>();
    collect(new CommandLine(new Main()), new ArrayList<>(), commands);
    assertThat(commands).hasSizeGreaterThan(8);
    for (List<String> path : commands) {
      List<String> argv = new ArrayList<>(path);
      argv.add("--help");
      Cli.Result result = bare.run(argv.toArray(String[]::new));
      assertThat(result.exitCode()).as("%s --help", path).isZero();
      assertThat(result.out()).as("%s --help", path).contains("Usage: berth");
    }
  }

  private static void collect(CommandLine command, List<String> path, List<List<String>> into) {
    into.add(List.copyOf(path));
    for (var entry : command.getSubcommands().entrySet()) {
      if (entry.getValue().getCommandSpec().aliases().length > 0
          && List.of(entry.getValue().getCommandSpec().aliases()).contains(entry.getKey())) {
        continue;
      }
      if (entry.getKey().equals("help")) {
        continue;
      }
      List<String> next = new ArrayList<>(path);
      next.add(entry.getKey());
      collect(entry.getValue(), next, into);
    }
  }

  @Test
  void version_printsTheVersion() {
    assertThat(new Cli(null).run("version").out()).startsWith("berth ");
    assertThat(new Cli(null).run("--version").out()).startsWith("berth ");
  }
}
