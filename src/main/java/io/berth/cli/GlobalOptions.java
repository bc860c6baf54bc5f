package io.berth.cli;

import io.berth.agent.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code berth} command itself: its global options, without subcommands. {@link Main} adds
 * every subcommand to it; an invocation that names one gets only that one (see {@link Main#run}).
 */
@Command(
    name = "berth",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Pulls OCI images, runs them through runc, keeps them running and upgraded.")
class GlobalOptions implements Runnable {
  private static final Path DEFAULT_REGISTRIES = Path.of("/etc/berth/registries.yaml");

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--root",
      scope = ScopeType.INHERIT,
      paramLabel = "DIR",
      defaultValue = "${env:BERTH_ROOT:-/var/lib/berth}",
      description =
          "Persistent state: images, containers, logs (env BERTH_ROOT; default ${DEFAULT-VALUE}).")
  Path root;

  @Option(
      names = "--state",
      scope = ScopeType.INHERIT,
      paramLabel = "DIR",
      defaultValue = "${env:BERTH_STATE:-/run/berth}",
      description =
          "Runtime state: the API socket, runc state (env BERTH_STATE; default ${DEFAULT-VALUE}).")
  Path state;

  @Option(
      names = "--registries",
      scope = ScopeType.INHERIT,
      paramLabel = "FILE",
      defaultValue = "${env:BERTH_REGISTRIES:-/etc/berth/registries.yaml}",
      description =
          "Registry credentials and TLS settings (env BERTH_REGISTRIES; default ${DEFAULT-VALUE}).")
  Path registries;

  Settings settings() {
    Settings defaults = Settings.of(root, state);
    // The default registries file is optional; one named by flag or environment must exist.
    Path registriesFile =
        registries.equals(DEFAULT_REGISTRIES) && !Files.exists(registries) ? null : registries;
    return new Settings(
        defaults.root(),
        defaults.state(),
        registriesFile,
        defaults.dockerConfig(),
        defaults.parallelLayers(),
        defaults.maxLayerBytes(),
        defaults.allowDeviceNodes());
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
