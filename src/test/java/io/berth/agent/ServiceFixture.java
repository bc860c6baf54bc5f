package io.berth.agent;

import static org.awaitility.Awaitility.await;

import io.berth.api.ServiceInfo;
import io.berth.events.Event;
import io.berth.spec.BerthConfig;
import io.berth.spec.ContainerSpec;
import io.berth.spec.ServiceSpec;
import io.berth.testing.BerthHome;
import io.berth.testing.TestRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * An agent's engine in the test's JVM with services: the test sets the configuration (built in
 * Java) and reloads it, as a config file and SIGHUP would.
 */
final class ServiceFixture implements AutoCloseable {
  final BerthHome home;
  final Engine engine;
  private final AtomicReference<BerthConfig> config =
      new AtomicReference<>(BerthConfig.empty("test"));
  private final List<Event> events = Collections.synchronizedList(new ArrayList<>());

  ServiceFixture(TestRegistry registry) {
    home = BerthHome.create().trust(registry);
    try {
      engine = Engine.open(home.settings(), Engine.Mode.AGENT);
      engine.eventBus().subscribe(e -> true, events::add);
      engine.startServices(() -> new ConfigLoader.Loaded(config.get(), List.of()));
    } catch (IOException e) {
      home.close();
      throw new UncheckedIOException(e);
    }
  }

  /** Declares these services, and only these, and reloads. */
  void declare(ServiceSpec... services) {
    Map<String, ServiceSpec> byName = new LinkedHashMap<>();
    for (ServiceSpec s : services) {
      byName.put(s.name(), s);
    }
    config.set(new BerthConfig(null, null, byName, "test"));
    var status = engine.services().reload();
    if (status.lastError() != null) {
      throw new IllegalStateException(status.lastError());
    }
  }

  ServiceInfo service(String name) {
    return engine.services().inspect(name);
  }

  ServiceInfo awaitStatus(String name, String status, Duration within) {
    await().atMost(within).until(() -> service(name).status().equals(status));
    return service(name);
  }

  List<Event> events(Predicate<Event> which) {
    synchronized (events) {
      return events.stream().filter(which).toList();
    }
  }

  /** A service of {@code image} running {@code command}, with fast policies for tests. */
  static Builder service(String name, String image, String... command) {
    return new Builder(name, image, List.of(command));
  }

  @Override
  public void close() {
    engine.stopAll();
    engine.close();
    home.close();
  }

  /** A service declaration with test-friendly defaults: quick restarts and checks. */
  static final class Builder {
    private final String name;
    private ContainerSpec container;
    private ServiceSpec.RestartPolicy restart =
        new ServiceSpec.RestartPolicy(
            ServiceSpec.RestartPolicy.Mode.ALWAYS,
            3,
            Duration.ofMinutes(1),
            Duration.ofMillis(100),
            Duration.ofMillis(400));
    private ServiceSpec.UpdatePolicy update =
        new ServiceSpec.UpdatePolicy(
            true,
            Duration.ofHours(1),
            Duration.ZERO,
            ServiceSpec.UpdatePolicy.Order.START_FIRST,
            Duration.ofSeconds(2),
            Duration.ofSeconds(30));
    private ServiceSpec.StopPolicy stop =
        new ServiceSpec.StopPolicy(null, Duration.ofSeconds(2), false);

    private Builder(String name, String image, List<String> command) {
      this.name = name;
      this.container =
          new ContainerSpec(
              image, null, null, command, null, null, null, null, null, false, null, null, false,
              null, null, false, null);
    }

    Builder restart(ServiceSpec.RestartPolicy.Mode mode, int maxAttempts) {
      restart =
          new ServiceSpec.RestartPolicy(
              mode, maxAttempts, restart.window(), restart.initialBackoff(), restart.maxBackoff());
      return this;
    }

    Builder update(Duration interval, ServiceSpec.UpdatePolicy.Order order, Duration minRunning) {
      update =
          new ServiceSpec.UpdatePolicy(
              true, interval, Duration.ZERO, order, minRunning, minRunning.plusSeconds(30));
      return this;
    }

    Builder noUpdates() {
      update =
          new ServiceSpec.UpdatePolicy(
              false,
              update.interval(),
              update.jitter(),
              update.order(),
              update.minRunning(),
              update.deadline());
      return this;
    }

    Builder stop(Duration timeout, boolean neverKill) {
      stop = new ServiceSpec.StopPolicy(null, timeout, neverKill);
      return this;
    }

    Builder env(String key, String value) {
      Map<String, String> env = new LinkedHashMap<>(container.env());
      env.put(key, value);
      container =
          new ContainerSpec(
              container.image(),
              null,
              null,
              container.command(),
              env,
              null,
              null,
              null,
              null,
              false,
              null,
              null,
              false,
              null,
              null,
              false,
              null);
      return this;
    }

    ServiceSpec build() {
      return new ServiceSpec(name, container, restart, update, stop);
    }
  }
}
