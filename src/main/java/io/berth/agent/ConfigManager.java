package io.berth.agent;

import io.berth.api.ConfigStatus;
import io.berth.events.EventSink;
import io.berth.spec.BerthConfig;
import io.berth.spec.VolumeSpec;
import io.berth.supervise.ServiceSupervisor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configuration in force: loaded at start (a bad one stops the agent with the error), loaded
 * again on SIGHUP, on a change of the file, on a timer for URLs, and through the API. A reload that
 * fails keeps the last good configuration running and reports the error (log, event, API).
 */
final class ConfigManager {
  private static final Logger LOG = LoggerFactory.getLogger(ConfigManager.class);
  private final ConfigLoader loader;
  private final Registries registries;
  private final ServiceSupervisor supervisor;
  private final EventSink events;
  private final Path volumesRoot;
  private final Step first;
  private BerthConfig current;
  private List<String> warnings = List.of();
  private Instant loaded;
  private String lastError;
  private Instant lastAttempt;

  ConfigManager(
      ConfigLoader loader,
      Registries registries,
      ServiceSupervisor supervisor,
      EventSink events,
      Path volumesRoot,
      Step first) {
    this.loader = loader;
    this.first = first;
    this.registries = registries;
    this.supervisor = supervisor;
    this.events = events;
    this.volumesRoot = volumesRoot;
  }

  /** The first load: a failure is the caller's to report (the agent does not start). */
  synchronized void start() throws IOException {
    ConfigLoader.Loaded first = loader.load();
    apply(first);
  }

  /** Loads again; keeps what runs when the new configuration is bad. */
  synchronized ConfigStatus reload() {
    lastAttempt = Instant.now();
    try {
      ConfigLoader.Loaded next = loader.load();
      apply(next);
      events.publish(
          "config.reload",
          current.source(),
          Map.of("services", Integer.toString(current.services().size())));
    } catch (IOException | RuntimeException e) {
      lastError = e.getMessage();
      LOG.warn("configuration not reloaded, the last good one stays: {}", e.getMessage());
      events.publish(
          "config.invalid",
          current == null ? null : current.source(),
          Map.of("error", String.valueOf(e.getMessage())));
    }
    return status();
  }

  private void apply(ConfigLoader.Loaded next) throws IOException {
    first.apply(next.config());
    for (VolumeSpec volume : next.config().volumes()) {
      ensure(volume);
    }
    registries.declare(next.config().registries());
    supervisor.apply(next.config());
    current = next.config();
    warnings = next.warnings();
    warnings.forEach(w -> LOG.warn("{}: {}", next.config().source(), w));
    loaded = Instant.now();
    lastError = null;
  }

  /** Creates a volume's directory when absent, with the owner and mode declared. */
  private void ensure(VolumeSpec volume) throws IOException {
    Path path = volume.path() != null ? Path.of(volume.path()) : volumesRoot.resolve(volume.name());
    if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
      Files.createDirectories(path);
    }
    if (volume.uid() != null) {
      Files.setAttribute(path, "unix:uid", volume.uid(), LinkOption.NOFOLLOW_LINKS);
    }
    if (volume.gid() != null) {
      Files.setAttribute(path, "unix:gid", volume.gid(), LinkOption.NOFOLLOW_LINKS);
    }
    if (volume.mode() != null) {
      Files.setAttribute(
          path, "unix:mode", Integer.parseInt(volume.mode(), 8), LinkOption.NOFOLLOW_LINKS);
    } else if (volume.uid() == null && volume.gid() == null) {
      Set<PosixFilePermission> mode =
          java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x");
      Files.setPosixFilePermissions(path, mode);
    }
  }

  /**
   * What the agent applies of a config before its volumes, registries and services (its own log and
   * metrics listener); failing, it fails the load.
   */
  @FunctionalInterface
  interface Step {
    Step NONE = config -> {};

    void apply(BerthConfig config) throws IOException;
  }

  synchronized ConfigStatus status() {
    return new ConfigStatus(
        current == null ? null : current.source(),
        loaded,
        current == null ? List.of() : List.copyOf(current.services().keySet()),
        lastError,
        lastAttempt,
        warnings);
  }
}
