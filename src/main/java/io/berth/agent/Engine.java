package io.berth.agent;

import io.berth.api.Berth;
import io.berth.api.Containers;
import io.berth.api.Discovery;
import io.berth.api.Events;
import io.berth.api.Images;
import io.berth.api.Kv;
import io.berth.api.Services;
import io.berth.coord.KeyValueStore;
import io.berth.coord.KeyValueStores;
import io.berth.discovery.Candidate;
import io.berth.events.EventBus;
import io.berth.image.ImageService;
import io.berth.image.unpack.UnpackPolicy;
import io.berth.kv.ConfigStores;
import io.berth.kv.SecretKeyFile;
import io.berth.runtime.ContainerRuntime;
import io.berth.runtime.RuntimeSettings;
import io.berth.spec.CoordSpec;
import io.berth.spec.KvSpec;
import io.berth.store.Database;
import io.berth.supervise.ServiceEnv;
import io.berth.supervise.ServiceSupervisor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
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

  private final Settings settings;
  private final Database database;
  private final EventBus events;
  private final Registries registries;
  private final ImageService imageService;
  private final ContainerRuntime runtime;
  private final LocalImages images;
  private final LocalContainers containers;
  private volatile Services services = LocalServices.unavailable();
  private ServiceSupervisor supervisor;
  private ServiceEnv serviceEnv = ServiceEnv.NONE;
  private volatile Kv kv;
  private volatile io.berth.kv.ConfigStore configStore;
  private KvSpec kvSpec;
  private KeyValueStore kvStore;
  private volatile AgentDiscovery discovery;
  private volatile Supplier<List<Candidate>> agentOwned = List::of;
  private final java.util.Map<Object, KeyValueStore> coordStores = new java.util.HashMap<>();

  private Engine(
      Settings settings,
      Database database,
      EventBus events,
      Registries registries,
      ImageService imageService,
      ContainerRuntime runtime,
      LocalImages images,
      LocalContainers containers) {
    this.settings = settings;
    this.database = database;
    this.events = events;
    this.registries = registries;
    this.imageService = imageService;
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
            List.of(
                ImageService.SCHEMA,
                EventBus.SCHEMA,
                ContainerRuntime.SCHEMA,
                ServiceSupervisor.SCHEMA,
                KeyValueStores.SCHEMA));
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
          settings,
          database,
          events,
          registries,
          imageService,
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

  /** The agent's event bus: everything it does, as it happens. */
  public EventBus eventBus() {
    return events;
  }

  @Override
  public Events events() {
    return new LocalEvents(events, runtime);
  }

  /** The containers, as the store has them: for the agent's metrics. */
  ContainerRuntime runtime() {
    return runtime;
  }

  @Override
  public Services services() {
    return services;
  }

  @Override
  public Discovery discovery() {
    AgentDiscovery d = discovery;
    return d == null ? Discovery.unavailable() : d;
  }

  @Override
  public Kv kv() {
    Kv open = kv;
    return open != null ? open : Berth.super.kv();
  }

  /**
   * Opens the configuration store the config's {@code kv} section names (the agent does this with
   * its first config): the embedded one in the agent's database, its secret key in {@code
   * <root>/kv/secret.key} (made now, mode 0600, when missing), or an etcd cluster's, whose key file
   * must exist. A later config that names another store fails, as the store cannot move under
   * running watches: the agent keeps the last good config until it is restarted.
   */
  synchronized void openKv(KvSpec spec) throws IOException {
    if (kvSpec != null) {
      if (!kvSpec.equals(spec)) {
        throw new IOException(
            ("kv: the configuration store is %s and the config now names another (%s); restart"
                    + " the agent to move it")
                .formatted(kvSpec.store().backend(), spec.store().backend()));
      }
      return;
    }
    boolean embedded = spec.store() instanceof CoordSpec.Embedded;
    Path keyPath =
        spec.secretKeyFile() != null
            ? spec.secretKeyFile()
            : settings.root().resolve("kv").resolve("secret.key");
    if (embedded && !Files.exists(keyPath)) {
      SecretKeyFile.generate(keyPath);
    }
    SecretKeyFile keyFile =
        embedded ? SecretKeyFile.createOnFirstUse(keyPath) : SecretKeyFile.existing(keyPath);
    KeyValueStore store = coordStore(spec.store());
    kvStore = store;
    kvSpec = spec;
    configStore = ConfigStores.open(store, keyFile);
    kv = new LocalKv(configStore);
    LOG.info("configuration store: {}, secret key file {}", spec.store().backend(), keyPath);
  }

  @Override
  public String endpoint() {
    return "local";
  }

  /** What services' containers get in their env besides their own (before services start). */
  synchronized void serviceEnv(ServiceEnv env) {
    serviceEnv = env;
  }

  /**
   * What the agent offers itself (its metrics listener), registered in discovery besides the
   * services; set before {@link #startServices}.
   */
  void agentOwned(Supplier<List<Candidate>> candidates) {
    agentOwned = candidates;
  }

  /**
   * Starts keeping the services {@code loader}'s configuration declares (the agent does this once).
   * Fails, with the configuration's own error, when the first load fails.
   */
  synchronized ConfigManager startServices(ConfigLoader loader) throws IOException {
    return startServices(loader, ConfigManager.Step.NONE);
  }

  /** As {@link #startServices(ConfigLoader)}, with {@code first} applied before each config. */
  synchronized ConfigManager startServices(ConfigLoader loader, ConfigManager.Step first)
      throws IOException {
    if (supervisor != null) {
      throw new IllegalStateException("services are already kept");
    }
    supervisor =
        ServiceSupervisor.open(
            database, runtime, new AgentImageSource(imageService, registries, runtime), events);
    discovery = new AgentDiscovery(this::coordStore, events, supervisor, agentOwned);
    AgentDiscovery registrations = discovery;
    supervisor.backends(registrations);
    supervisor.templateData(new KvTemplateData(() -> configStore, registrations));
    supervisor.serviceEnv(serviceEnv);
    ConfigManager config =
        new ConfigManager(
            loader,
            registries,
            supervisor,
            events,
            settings.root().resolve("volumes"),
            next -> {
              registrations.apply(next);
              first.apply(next);
            });
    config.start();
    services = new LocalServices(supervisor, config);
    return config;
  }

  /**
   * Stops every service by its own stop rules, then every other container this engine supervises by
   * theirs (agent shutdown).
   */
  public void stopAll() {
    if (supervisor != null) {
      supervisor.stopAll();
    }
    runtime.stopAll();
  }

  /**
   * The revisioned store {@code spec} names, opened once and shared by whoever names it (the
   * configuration store and discovery): one embedded store per database, one client per etcd
   * cluster. They are closed with the engine.
   */
  synchronized KeyValueStore coordStore(CoordSpec spec) throws IOException {
    Object key = spec instanceof CoordSpec.Embedded ? CoordSpec.Embedded.class : spec;
    KeyValueStore store = coordStores.get(key);
    if (store == null) {
      store = KeyValueStores.open(spec, database);
      coordStores.put(key, store);
    }
    return store;
  }

  private synchronized void closeCoordStores() {
    kv = null;
    configStore = null;
    kvStore = null;
    for (KeyValueStore store : coordStores.values()) {
      try {
        store.close();
      } catch (RuntimeException e) {
        LOG.warn("closing a revisioned store: {}", e.toString());
      }
    }
    coordStores.clear();
  }

  @Override
  public void close() {
    if (discovery != null) {
      discovery.close();
    }
    if (supervisor != null) {
      supervisor.close();
    }
    closeCoordStores();
    try {
      runtime.close();
    } catch (RuntimeException e) {
      LOG.warn("closing the runtime: {}", e.toString());
    }
    registries.close();
    database.close();
  }
}
