package io.berth.supervise;

import io.berth.events.EventSink;
import io.berth.runtime.ContainerException;
import io.berth.runtime.ContainerRuntime;
import io.berth.spec.BerthConfig;
import io.berth.spec.ImageRef;
import io.berth.spec.ServiceSpec;
import io.berth.store.Database;
import io.berth.store.Schema;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The services of this host: one {@link ServiceController} per declared service. A new config
 * touches only what changed: new services start, removed ones stop, changed ones are replaced by
 * their update order, and services whose declaration is the same are left alone.
 */
public final class ServiceSupervisor implements AutoCloseable {
  public static final Schema SCHEMA = ServiceStore.SCHEMA;

  /**
   * A container label naming the env variables whose values were rendered from templates (the
   * configuration store may hold secrets): inspect shows them hidden.
   */
  public static final String LABEL_HIDDEN_ENV = "io.berth.env.hidden";

  private static final Logger LOG = LoggerFactory.getLogger(ServiceSupervisor.class);

  private final ServiceStore store;
  private final ContainerRuntime runtime;
  private final ImageSource images;
  private final EventSink events;
  private final ScheduledExecutorService timers =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("service-timers").daemon().factory());
  private final Map<String, ServiceController> controllers = new LinkedHashMap<>();
  private volatile TemplateData templateData = TemplateData.NONE;
  private volatile Backends backends = Backends.NONE;
  private volatile ServiceEnv serviceEnv = ServiceEnv.NONE;

  /** Where services find their backends (discovery). */
  public void backends(Backends source) {
    backends = source == null ? Backends.NONE : source;
  }

  /** What services' templates can read besides the environment (the agent's stores). */
  public void templateData(TemplateData data) {
    templateData = data == null ? TemplateData.NONE : data;
  }

  /** What the agent adds to services' containers' env (a kv token for {@code kvAccess}). */
  public void serviceEnv(ServiceEnv env) {
    serviceEnv = env == null ? ServiceEnv.NONE : env;
  }

  private ServiceSupervisor(
      ServiceStore store, ContainerRuntime runtime, ImageSource images, EventSink events) {
    this.store = store;
    this.runtime = runtime;
    this.images = images;
    this.events = events;
  }

  public static ServiceSupervisor open(
      Database database, ContainerRuntime runtime, ImageSource images, EventSink events) {
    return new ServiceSupervisor(new ServiceStore(database), runtime, images, events);
  }

  /** What applying a config did, by service name. */
  public record Applied(
      List<String> added, List<String> changed, List<String> removed, List<String> unchanged) {}

  /** Makes the services match {@code config}; touches only those whose declaration changed. */
  public synchronized Applied apply(BerthConfig config) throws IOException {
    List<String> added = new ArrayList<>();
    List<String> changed = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    List<String> unchanged = new ArrayList<>();
    for (String name : List.copyOf(controllers.keySet())) {
      if (!config.services().containsKey(name)) {
        ServiceController gone = controllers.remove(name);
        retire(gone, true);
        serviceEnv.removed(name);
        removed.add(name);
        events.publish("service.remove", name);
      }
    }
    for (ServiceSpec spec : config.services().values()) {
      ServiceController existing = controllers.get(spec.name());
      if (existing == null) {
        ServiceState state = store.get(spec.name()).orElse(ServiceState.initial(spec.name()));
        store.put(state);
        ServiceController controller =
            new ServiceController(
                spec,
                state,
                runtime,
                images,
                store,
                events,
                timers,
                () -> templateData,
                () -> backends,
                () -> serviceEnv);
        controllers.put(spec.name(), controller);
        controller.start();
        added.add(spec.name());
      } else if (!existing.view().spec().equals(spec)) {
        existing.send(new Command.Declare(spec));
        changed.add(spec.name());
      } else {
        unchanged.add(spec.name());
      }
    }
    LOG.info(
        "services: {} added, {} changed, {} removed, {} unchanged",
        added,
        changed,
        removed,
        unchanged);
    return new Applied(added, changed, removed, unchanged);
  }

  public synchronized List<ServiceView> list() {
    return controllers.values().stream().map(ServiceController::view).toList();
  }

  public synchronized Optional<ServiceView> get(String name) {
    return Optional.ofNullable(controllers.get(name)).map(ServiceController::view);
  }

  /** A user's start, stop, restart or rollback; waits until the service has done it. */
  public ServiceView act(String name, ServiceAction action, Duration limit) throws IOException {
    ServiceController controller;
    synchronized (this) {
      controller = controllers.get(name);
    }
    if (controller == null) {
      throw new ContainerException(
          ContainerException.Kind.NOT_FOUND, "no service '%s'".formatted(name));
    }
    CompletableFuture<ServiceView> done = new CompletableFuture<>();
    controller.send(new Command.User(action, done));
    try {
      return done.get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IOException(e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IOException(
          "service %s did not finish %s within %s".formatted(name, action, limit));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private synchronized ServiceController controller(String name) throws ContainerException {
    ServiceController controller = controllers.get(name);
    if (controller == null) {
      throw new ContainerException(
          ContainerException.Kind.NOT_FOUND, "no service '%s'".formatted(name));
    }
    return controller;
  }

  /** Puts a service in maintenance, or takes it out. */
  public ServiceView maintenance(String name, boolean on) throws ContainerException {
    ServiceController controller = controller(name);
    controller.maintenance(on);
    return controller.view();
  }

  /**
   * Maintenance for all services: on, off, or toggled when {@code on} is null (all go out when all
   * are in, else all go in). Returns the services in maintenance afterwards.
   */
  public synchronized List<String> maintenanceAll(Boolean on) {
    boolean target =
        on != null ? on : !controllers.values().stream().allMatch(ServiceController::maintenance);
    List<String> in = new ArrayList<>();
    for (ServiceController controller : controllers.values()) {
      controller.maintenance(target);
      if (target) {
        in.add(controller.name());
      }
    }
    return in;
  }

  /** Sends a signal to a task of a running service; its main process when {@code task} is null. */
  public void signal(String name, String task, String signal) throws IOException {
    int number;
    try {
      number = io.berth.os.Signals.parse(signal);
    } catch (IllegalArgumentException e) {
      throw new ContainerException(ContainerException.Kind.INVALID, e.getMessage(), e);
    }
    controller(name).current().signal(task, number);
    events.publish(
        "service.signal",
        name,
        Map.of("task", task == null ? "main" : task, "signal", io.berth.os.Signals.name(number)));
  }

  /** Starts or stops a sidecar of a running service on demand. */
  public ServiceView task(String name, String task, String action) throws IOException {
    ServiceController controller = controller(name);
    Instance current = controller.current();
    switch (action) {
      case "start" -> current.startTask(task);
      case "stop" -> current.stopTask(task);
      default ->
          throw new ContainerException(
              ContainerException.Kind.INVALID,
              "a task is started or stopped: 'start' or 'stop', not '%s'".formatted(action));
    }
    events.publish("task." + action, name, Map.of("task", task));
    return controller.view();
  }

  public List<HistoryEntry> history(String name, int limit) throws IOException {
    return store.history(name, limit);
  }

  /**
   * A registry says a repository got a push: services following a tag of it check at once, instead
   * of at their next interval. Returns the services asked to check.
   */
  public synchronized List<String> pushed(String registry, String repository, String tag) {
    List<String> asked = new ArrayList<>();
    for (ServiceController controller : controllers.values()) {
      ImageRef ref = ImageRef.parse(controller.view().spec().image());
      boolean sameRepository = ref.repository().equals(repository) && sameRegistry(ref, registry);
      boolean sameTag = tag == null || tag.equals(ref.tag());
      if (sameRepository && sameTag) {
        controller.send(new Command.CheckUpdate(true));
        asked.add(controller.name());
      }
    }
    LOG.info(
        "registry {} reports a push of {}:{}; asked to check: {}",
        registry,
        repository,
        tag,
        asked);
    return asked;
  }

  private static boolean sameRegistry(ImageRef ref, String registry) {
    if (registry == null || registry.isBlank()) {
      return true; // the registry did not say where it is: the repository name decides
    }
    String host = registry.toLowerCase(java.util.Locale.ROOT);
    return host.equals(ref.registry())
        || host.equals(ref.apiHost())
        || (ref.registry().startsWith("127.0.0.1:")
            && host.startsWith("localhost:")
            && host.endsWith(ref.registry().substring(ref.registry().indexOf(':'))))
        || (ref.registry().startsWith("localhost:")
            && host.startsWith("127.0.0.1:")
            && host.endsWith(ref.registry().substring(ref.registry().indexOf(':'))));
  }

  /** Stops every service by its own stop rules (the agent is stopping); their state stays. */
  public void stopAll() {
    List<ServiceController> all;
    synchronized (this) {
      all = List.copyOf(controllers.values());
      controllers.clear();
    }
    List<CompletableFuture<Void>> done = new ArrayList<>();
    for (ServiceController controller : all) {
      CompletableFuture<Void> stopped = new CompletableFuture<>();
      controller.send(new Command.Retire(false, stopped));
      done.add(stopped);
    }
    for (CompletableFuture<Void> stopped : done) {
      try {
        stopped.get(5, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (ExecutionException | TimeoutException e) {
        LOG.warn("a service did not stop: {}", e.toString());
      }
    }
  }

  private void retire(ServiceController controller, boolean removeContainers) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    controller.send(new Command.Retire(removeContainers, done));
    try {
      done.get(5, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("service {} did not stop: {}", controller.name(), e.toString());
    }
  }

  @Override
  public void close() {
    stopAll();
    timers.shutdownNow();
  }
}
