package io.berth.discovery;

import io.berth.coord.CoordException;
import io.berth.events.Event;
import io.berth.events.EventBus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the registry true to the rule: a service with a port is registered while it runs, healthy
 * (or without checks) and out of maintenance, and deregistered as soon as it is not (unhealthy, in
 * maintenance, stopping, exited, removed). Events (health changes, maintenance, the service's
 * container and its stop) make it look at that service at once; every second it looks at all of
 * them, which also catches what an event raced with; and it keeps the registry's lease alive, so
 * the registrations vanish one TTL after the agent dies.
 *
 * <p>One virtual thread of its own registers and deregisters (event subscribers never wait on the
 * store); another renews the lease every third of its TTL.
 */
public final class Registrar implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Registrar.class);
  private static final String ALL = "";
  private static final Duration SWEEP = Duration.ofSeconds(1);

  /** The services, as the supervisor sees them now. */
  public interface Services {
    List<Candidate> all();

    Optional<Candidate> get(String name);
  }

  private final Registry registry;
  private final Services services;
  private final String hostname;
  private final Supplier<List<HostInterface>> interfaces;
  private final Duration renewEvery;
  private final LinkedBlockingQueue<String> pending = new LinkedBlockingQueue<>();
  private final Map<String, Registration> registered = new HashMap<>();
  private final Map<String, String> stopping = new HashMap<>();
  private final AutoCloseable subscription;
  private final Thread worker;
  private final Thread renewer;
  private volatile boolean closed;

  private Registrar(
      Registry registry,
      EventBus events,
      Services services,
      String hostname,
      Supplier<List<HostInterface>> interfaces,
      Duration ttl) {
    this.registry = registry;
    this.services = services;
    this.hostname = hostname;
    this.interfaces = interfaces;
    this.renewEvery = ttl.dividedBy(3);
    this.subscription = events.subscribe(Registrar::relevant, this::onEvent);
    this.worker = Thread.ofVirtual().name("discovery-registrar").unstarted(this::run);
    this.renewer = Thread.ofVirtual().name("discovery-lease").unstarted(this::renew);
  }

  /**
   * Starts registering {@code services} in {@code registry} (whose lease lives {@code ttl}) as
   * {@code events} tell of their changes. Closing the registrar closes the registry.
   */
  public static Registrar start(
      Registry registry,
      EventBus events,
      Services services,
      String hostname,
      Supplier<List<HostInterface>> interfaces,
      Duration ttl) {
    Registrar registrar = new Registrar(registry, events, services, hostname, interfaces, ttl);
    registrar.pending.add(ALL);
    registrar.worker.start();
    registrar.renewer.start();
    return registrar;
  }

  /** The id of {@code service}'s instance on this host. */
  public static String id(String service, String hostname) {
    return service + "-" + hostname;
  }

  /** This host's name, as the kernel has it. */
  public static String localHostname() {
    try {
      String name = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
      if (!name.isEmpty()) {
        return name;
      }
    } catch (IOException e) {
      // not Linux: ask Java
    }
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      return "localhost";
    }
  }

  private static boolean relevant(Event event) {
    return event.subject() != null
        && (event.type().equals("health.change") || event.type().startsWith("service."));
  }

  private void onEvent(Event event) {
    if (event.type().equals("service.stopping")) {
      String container = event.attributes().get("container");
      if (container != null) {
        synchronized (stopping) {
          stopping.put(event.subject(), container);
        }
      }
    }
    pending.add(event.subject());
  }

  private void run() {
    long nextSweep = 0;
    while (!closed) {
      try {
        String name = pending.poll(SWEEP.toMillis(), TimeUnit.MILLISECONDS);
        if (closed) {
          return;
        }
        long now = System.nanoTime();
        if (name == null || name.equals(ALL) || now - nextSweep >= 0) {
          for (Candidate c : services.all()) {
            reconcile(c.name(), Optional.of(c));
          }
          for (String gone : List.copyOf(registered.keySet())) {
            if (services.get(gone).isEmpty()) {
              reconcile(gone, Optional.empty());
            }
          }
          nextSweep = now + SWEEP.toNanos();
        } else {
          reconcile(name, services.get(name));
        }
      } catch (InterruptedException e) {
        return;
      } catch (CoordException | RuntimeException e) {
        LOG.warn("discovery: {}", e.getMessage());
      }
    }
  }

  /**
   * Keeps the lease alive on a thread of its own, so that a supervisor busy for a while (its views
   * wait on it) never lets the registrations expire.
   */
  private void renew() {
    while (!closed) {
      try {
        Thread.sleep(renewEvery);
        registry.keepAlive();
      } catch (InterruptedException e) {
        return;
      } catch (CoordException | RuntimeException e) {
        if (!closed) {
          LOG.warn("discovery: renewing the registrations' lease: {}", e.getMessage());
        }
      }
    }
  }

  /** Registers or deregisters one service as the rule says. */
  private void reconcile(String name, Optional<Candidate> candidate) throws CoordException {
    Optional<Registration> wanted = candidate.filter(this::eligible).map(this::registration);
    Registration have = registered.get(name);
    if (wanted.isPresent() && !wanted.get().equals(have)) {
      registry.register(wanted.get());
      registered.put(name, wanted.get());
      LOG.info(
          "discovery: registered {} at {}:{}",
          wanted.get().id(),
          wanted.get().address(),
          wanted.get().port());
    } else if (wanted.isEmpty() && have != null) {
      registry.deregister(name, have.id());
      registered.remove(name);
      LOG.info("discovery: deregistered {}", have.id());
    }
  }

  private boolean eligible(Candidate c) {
    String stoppingContainer;
    synchronized (stopping) {
      stoppingContainer = stopping.get(c.name());
      if (stoppingContainer != null && !stoppingContainer.equals(c.containerId())) {
        stopping.remove(c.name());
        stoppingContainer = null;
      }
    }
    return c.eligible() && !Objects.equals(stoppingContainer, c.containerId());
  }

  private Registration registration(Candidate c) {
    var spec = c.registration();
    return new Registration(
        id(c.name(), hostname),
        c.name(),
        Addresses.of(spec, c.hostNetwork(), interfaces).getHostAddress(),
        spec.port(),
        spec.tags(),
        spec.meta());
  }

  /** Stops; the registry is closed, which removes this agent's registrations at once. */
  @Override
  public void close() {
    closed = true;
    try {
      subscription.close();
    } catch (Exception e) {
      LOG.debug("discovery: unsubscribing: {}", e.toString());
    }
    pending.add(ALL);
    renewer.interrupt();
    try {
      worker.join();
      renewer.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    registry.close();
  }
}
