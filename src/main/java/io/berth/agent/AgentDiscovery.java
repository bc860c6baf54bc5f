package io.berth.agent;

import io.berth.api.ApiException;
import io.berth.api.Discovery;
import io.berth.api.ServiceInstance;
import io.berth.coord.CoordException;
import io.berth.coord.KeyValueStore;
import io.berth.discovery.Candidate;
import io.berth.discovery.HostInterface;
import io.berth.discovery.Registrar;
import io.berth.discovery.Registration;
import io.berth.discovery.Registry;
import io.berth.events.EventBus;
import io.berth.spec.BerthConfig;
import io.berth.spec.ContainerSpec;
import io.berth.spec.CoordSpec;
import io.berth.spec.DiscoverySpec;
import io.berth.supervise.ServiceSupervisor;
import io.berth.supervise.ServiceView;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The agent's service discovery: the store its config's {@code discovery} block names (opened again
 * when a reload changes it), the {@link Registrar} that keeps the supervisor's services registered
 * by the rule, and the {@code /v1/discovery} view of what is registered.
 */
final class AgentDiscovery implements Discovery, io.berth.supervise.Backends, AutoCloseable {
  private final Stores stores;
  private final EventBus events;
  private final ServiceSupervisor supervisor;
  private final Supplier<List<Candidate>> agentOwned;
  private DiscoverySpec spec;
  private Registry registry;
  private Registrar registrar;

  /** Opens (or shares) the store a spec names; the engine owns and closes it. */
  @FunctionalInterface
  interface Stores {
    KeyValueStore open(CoordSpec spec) throws IOException;
  }

  /**
   * @param agentOwned what the agent itself offers (its metrics listener), registered besides the
   *     services; a service of the same name wins
   */
  AgentDiscovery(
      Stores stores,
      EventBus events,
      ServiceSupervisor supervisor,
      Supplier<List<Candidate>> agentOwned) {
    this.stores = stores;
    this.events = events;
    this.supervisor = supervisor;
    this.agentOwned = agentOwned;
  }

  /** Follows a config's {@code discovery} block; failing to open its store fails the load. */
  synchronized void apply(BerthConfig config) throws IOException {
    DiscoverySpec wanted = config.discovery();
    if (wanted.equals(spec)) {
      return;
    }
    KeyValueStore opened;
    try {
      opened = stores.open(wanted.backend());
    } catch (IOException e) {
      throw new IOException("discovery: " + e.getMessage(), e);
    }
    close();
    spec = wanted;
    registry = Registry.over(opened, wanted.ttl());
    registrar =
        Registrar.start(
            registry,
            events,
            new SupervisedServices(supervisor, agentOwned),
            Registrar.localHostname(),
            HostInterface::host,
            wanted.ttl());
  }

  @Override
  public List<ServiceInstance> list() {
    return read(null);
  }

  @Override
  public List<ServiceInstance> list(String service) {
    return read(service);
  }

  private synchronized List<ServiceInstance> read(String service) {
    if (registry == null) {
      throw new ApiException(ApiException.Kind.UNAVAILABLE, "discovery has not started yet");
    }
    try {
      List<Registration> found = service == null ? registry.list() : registry.list(service);
      return found.stream()
          .map(
              r -> new ServiceInstance(r.id(), r.name(), r.address(), r.port(), r.tags(), r.meta()))
          .toList();
    } catch (CoordException e) {
      throw new ApiException(ApiException.Kind.UNAVAILABLE, "discovery's store: " + e.getMessage());
    }
  }

  /**
   * Stops registering; this agent's registrations are removed (their lease revoked). The store
   * stays open: the engine closes it.
   */
  @Override
  public synchronized void close() {
    try {
      if (registrar != null) {
        registrar.close();
      }
    } finally {
      registrar = null;
      registry = null;
      spec = null;
    }
  }

  @Override
  public List<java.util.Map<String, Object>> instances(String service) throws IOException {
    Registry open;
    synchronized (this) {
      open = registry;
    }
    if (open == null) {
      return List.of();
    }
    List<java.util.Map<String, Object>> found = new java.util.ArrayList<>();
    for (Registration r : open.list(service)) {
      java.util.Map<String, Object> instance = new java.util.LinkedHashMap<>();
      instance.put("id", r.id());
      instance.put("name", r.name());
      instance.put("address", r.address());
      instance.put("port", r.port());
      instance.put("tags", r.tags());
      instance.put("meta", r.meta());
      found.add(instance);
    }
    return found;
  }

  @Override
  public AutoCloseable watch(String service, Runnable changed) throws IOException {
    Registry open;
    synchronized (this) {
      open = registry;
    }
    if (open == null) {
      return () -> {};
    }
    return open.watch(
        service,
        new io.berth.discovery.RegistryListener() {
          @Override
          public void changed(List<io.berth.discovery.RegistryChange> changes) {
            changed.run();
          }

          @Override
          public void failed(CoordException error) {
            changed.run();
          }
        });
  }

  /** The supervisor's services, and what the agent offers itself, as the registrar sees them. */
  private record SupervisedServices(
      ServiceSupervisor supervisor, Supplier<List<Candidate>> agentOwned)
      implements Registrar.Services {
    @Override
    public List<Candidate> all() {
      List<Candidate> all = new ArrayList<>();
      supervisor.list().stream().map(SupervisedServices::candidate).forEach(all::add);
      for (Candidate own : agentOwned.get()) {
        if (all.stream().noneMatch(c -> c.name().equals(own.name()))) {
          all.add(own);
        }
      }
      return all;
    }

    @Override
    public Optional<Candidate> get(String name) {
      Optional<Candidate> service = supervisor.get(name).map(SupervisedServices::candidate);
      if (service.isPresent()) {
        return service;
      }
      return agentOwned.get().stream().filter(c -> c.name().equals(name)).findFirst();
    }

    private static Candidate candidate(ServiceView view) {
      return new Candidate(
          view.name(),
          view.spec().registration(),
          view.spec().container().network() == ContainerSpec.Network.HOST,
          view.status(),
          view.health(),
          view.maintenance(),
          view.containerId());
    }
  }
}
