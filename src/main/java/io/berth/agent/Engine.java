package io.berth.agent;

import io.berth.api.Berth;
import io.berth.api.Containers;
import io.berth.api.Images;
import io.berth.events.EventBus;
import io.berth.image.ImageService;
import io.berth.image.unpack.UnpackPolicy;
import io.berth.runtime.ContainerRuntime;
import io.berth.runtime.RuntimeSettings;
import io.berth.store.Database;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * berth's engine: the stores and services of one host behind the {@link Berth} API. The agent
 * serves it over HTTP; the CLI uses it in-process when no agent runs.
 */
public final class Engine implements Berth {
  private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

  /** How much of berth this process runs. */
  public enum Mode {
    /** Reads and removes; supervises nothing (a CLI command without an agent). */
    CLIENT,
    /** Supervises the containers it creates itself ({@code berth run} without an agent). */
    FOREGROUND,
    /** The agent: supervises every container, and recovers them after a crash. */
    AGENT
  }

  /** What the agent does at start with containers that still run from before (CLI spelling). */
  public enum Recovery {
    adopt,
    stop
  }

  private final Database database;
  private final Registries registries;
  private final ContainerRuntime runtime;
  private final LocalImages images;
  private final LocalContainers containers;

  private Engine(
      Database database,
      Registries registries,
      ContainerRuntime runtime,
      LocalImages images,
      LocalContainers containers) {
    this.database = database;
    this.registries = registries;
    this.runtime = runtime;
    this.images = images;
    this.containers = containers;
  }

  public static Engine open(Settings settings) throws IOException {
    return open(settings, Mode.CLIENT);
  }

  public static Engine open(Settings settings, Mode mode) throws IOException {
    return open(settings, mode, Recovery.adopt);
  }

  public static Engine open(Settings settings, Mode mode, Recovery recovery) throws IOException {
    if (mode != Mode.CLIENT) {
      // Container inits are reparented to this process once runc exits: it reaps them itself.
      io.berth.os.Subreaper.enable();
    }
    Database database =
        Database.open(
            settings.database(),
            List.of(ImageService.SCHEMA, EventBus.SCHEMA, ContainerRuntime.SCHEMA));
    ContainerRuntime runtime = null;
    try {
      EventBus events = new EventBus(database);
      ImageService imageService =
          ImageService.open(
              settings.images(),
              database,
              new UnpackPolicy(settings.maxLayerBytes(), settings.allowDeviceNodes()),
              settings.parallelLayers(),
              events);
      runtime =
          ContainerRuntime.open(
              RuntimeSettings.of(settings.root(), settings.state()),
              database,
              imageService,
              events,
              mode != Mode.CLIENT);
      if (mode == Mode.AGENT) {
        runtime.recover(
            recovery == Recovery.stop
                ? io.berth.runtime.Recovery.Policy.STOP
                : io.berth.runtime.Recovery.Policy.ADOPT);
      }
      Registries registries = new Registries(settings);
      LocalImages images = new LocalImages(imageService, registries, runtime);
      return new Engine(
          database,
          registries,
          runtime,
          images,
          new LocalContainers(runtime, imageService, images));
    } catch (IOException | RuntimeException e) {
      if (runtime != null) {
        runtime.close();
      }
      database.close();
      throw e;
    }
  }

  @Override
  public Images images() {
    return images;
  }

  @Override
  public Containers containers() {
    return containers;
  }

  @Override
  public String endpoint() {
    return "local";
  }

  /** Stops every container this engine supervises, each by its own rules (agent shutdown). */
  public void stopAll() {
    runtime.stopAll();
  }

  @Override
  public void close() {
    try {
      runtime.close();
    } catch (RuntimeException e) {
      LOG.warn("closing the runtime: {}", e.toString());
    }
    registries.close();
    database.close();
  }
}
