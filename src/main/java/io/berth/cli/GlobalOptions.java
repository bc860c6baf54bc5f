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

  @Option(
      names = "--host",
      scope = ScopeType.INHERIT,
      paramLabel = "URL",
      defaultValue = "${env:BERTH_HOST}",
      description =
          "A remote agent, https://HOST:PORT (berth agent --listen), instead of the local socket"
              + " (env BERTH_HOST).")
  String host;

  @Option(
      names = "--token",
      scope = ScopeType.INHERIT,
      paramLabel = "TOKEN",
      defaultValue = "${env:BERTH_TOKEN}",
      description = "The remote agent's API token or login token (env BERTH_TOKEN).")
  String token;

  @Option(
      names = "--tls-ca",
      scope = ScopeType.INHERIT,
      paramLabel = "FILE",
      defaultValue = "${env:BERTH_TLS_CA}",
      description = "Trust the remote agent's certificate if this CA (PEM) signed it.")
  Path tlsCa;

  @Option(
      names = "--tls-fingerprint",
      scope = ScopeType.INHERIT,
      paramLabel = "SHA256",
      defaultValue = "${env:BERTH_TLS_FINGERPRINT}",
      description =
          "Trust exactly the remote agent's certificate with this SHA-256 fingerprint, as the"
              + " agent logs it (for its self-signed certificate).")
  String tlsFingerprint;

  /** The remote agent the options name, or empty for this host's. */
  java.util.Optional<io.berth.api.Berth> remote() {
    if (host == null || host.isBlank()) {
      if (token != null && !token.isBlank() && System.getenv("BERTH_TOKEN") == null) {
        throw new io.berth.api.ApiException(
            io.berth.api.ApiException.Kind.BAD_REQUEST,
            "--token goes with --host (or BERTH_HOST): the local socket needs no token");
      }
      return java.util.Optional.empty();
    }
    if (tlsCa != null && tlsFingerprint != null && !tlsFingerprint.isBlank()) {
      throw new io.berth.api.ApiException(
          io.berth.api.ApiException.Kind.BAD_REQUEST,
          "give --tls-ca or --tls-fingerprint, not both");
    }
    try {
      io.berth.api.client.Trust trust =
          tlsFingerprint != null && !tlsFingerprint.isBlank()
              ? io.berth.api.client.Trust.Fingerprint.parse(tlsFingerprint)
              : tlsCa != null
                  ? new io.berth.api.client.Trust.CaFile(tlsCa)
                  : new io.berth.api.client.Trust.System();
      return java.util.Optional.of(
          io.berth.api.client.RemoteBerth.connect(
              java.net.URI.create(host.strip()), token == null ? null : token.strip(), trust));
    } catch (IllegalArgumentException e) {
      throw new io.berth.api.ApiException(
          io.berth.api.ApiException.Kind.BAD_REQUEST, "--host: " + e.getMessage());
    }
  }

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
