package io.berth.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.berth.coord.KeyValueStore;
import io.berth.coord.KeyValueStores;
import io.berth.events.EventBus;
import io.berth.spec.CoordSpec;
import io.berth.spec.RegistrationSpec;
import io.berth.store.Database;
import io.berth.testing.TempDirectory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The registration rule on the embedded store, with services whose state the test sets and events
 * it publishes, as the supervisor would.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RegistrarTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private TempDirectory directory;
  private Database database;
  private KeyValueStore store;
  private EventBus events;
  private final Map<String, Candidate> services = new ConcurrentHashMap<>();
  private Registrar registrar;

  @BeforeEach
  void start() throws Exception {
    directory = TempDirectory.create("berth-registrar-");
    database =
        Database.open(
            directory.resolve("berth.db"), List.of(KeyValueStores.SCHEMA, EventBus.SCHEMA));
    store = KeyValueStores.embedded(database, CoordSpec.Embedded.DEFAULT);
    events = new EventBus(database);
    registrar =
        Registrar.start(
            Registry.over(store, Duration.ofSeconds(1)),
            events,
            new Registrar.Services() {
              @Override
              public List<Candidate> all() {
                return List.copyOf(services.values());
              }

              @Override
              public Optional<Candidate> get(String name) {
                return Optional.ofNullable(services.get(name));
              }
            },
            "host1",
            List::of,
            Duration.ofSeconds(1));
  }

  @AfterEach
  void stop() {
    registrar.close();
    store.close();
    database.close();
    directory.close();
  }

  private List<Registration> registered() throws Exception {
    return Registry.over(store, Duration.ofSeconds(1)).list();
  }

  private static Candidate web(String status, String health, boolean maintenance) {
    return new Candidate(
        "web", RegistrationSpec.port(8080), false, status, health, maintenance, "c1");
  }

  private void set(Candidate c, String event, Map<String, String> attributes) {
    services.put(c.name(), c);
    events.publish(event, c.name(), attributes);
  }

  @Test
  void healthy_isRegistered_andKeptPastItsTtl_byTheRenewals() throws Exception {
    set(web("running", "healthy", false), "health.change", Map.of("status", "healthy"));

    await().atMost(WAIT).until(() -> registered().size() == 1);
    assertThat(registered().getFirst())
        .isEqualTo(new Registration("web-host1", "web", "127.0.0.1", 8080, null, null));
    Thread.sleep(3500);
    assertThat(registered()).hasSize(1);
  }

  @Test
  void unhealthy_starting_maintenance_orNotRunning_areNot() throws Exception {
    set(web("running", "healthy", false), "health.change", Map.of());
    await().atMost(WAIT).until(() -> registered().size() == 1);

    set(web("running", "unhealthy", false), "health.change", Map.of("status", "unhealthy"));
    await().atMost(WAIT).until(() -> registered().isEmpty());
    set(web("running", null, false), "service.container", Map.of());
    await().atMost(WAIT).until(() -> registered().size() == 1);
    set(web("running", null, true), "service.maintenance", Map.of("maintenance", "true"));
    await().atMost(WAIT).until(() -> registered().isEmpty());
    set(web("running", null, false), "service.maintenance", Map.of("maintenance", "false"));
    await().atMost(WAIT).until(() -> registered().size() == 1);
    set(web("exited", null, false), "service.exit", Map.of());
    await().atMost(WAIT).until(() -> registered().isEmpty());
  }

  @Test
  void aStoppingContainer_isDeregistered_evenWhileItsServiceStillSaysRunning() throws Exception {
    set(web("running", null, false), "service.container", Map.of("container", "c1"));
    await().atMost(WAIT).until(() -> registered().size() == 1);

    events.publish("service.stopping", "web", Map.of("container", "c1"));
    await().atMost(WAIT).until(() -> registered().isEmpty());

    Candidate next =
        new Candidate("web", RegistrationSpec.port(8080), false, "running", null, false, "c2");
    set(next, "service.container", Map.of("container", "c2"));
    await().atMost(WAIT).until(() -> registered().size() == 1);
  }

  @Test
  void aRemovedService_isDeregistered_andOneWithoutAPort_neverRegistered() throws Exception {
    set(
        new Candidate("quiet", null, false, "running", null, false, "c9"),
        "service.container",
        Map.of());
    set(web("running", null, false), "service.container", Map.of());
    await().atMost(WAIT).until(() -> registered().size() == 1);
    assertThat(registered().getFirst().name()).isEqualTo("web");

    services.remove("web");
    events.publish("service.remove", "web", Map.of());
    await().atMost(WAIT).until(() -> registered().isEmpty());
  }

  @Test
  void close_removesTheRegistrations() throws Exception {
    set(web("running", null, false), "service.container", Map.of());
    await().atMost(WAIT).until(() -> registered().size() == 1);

    registrar.close();

    assertThat(registered()).isEmpty();
  }
}
