package io.berth.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.coord.CoordException;
import io.berth.coord.KeyValueStore;
import io.berth.coord.Watch;
import io.berth.spec.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What every registry does, whatever store holds it: each scenario runs on the embedded store and
 * on a real etcd, on an empty keyspace of its own.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class RegistryContract {
  private static final Duration WAIT = Duration.ofSeconds(20);
  protected KeyValueStore store;
  private final List<AutoCloseable> opened = new ArrayList<>();

  /** A store on an empty keyspace. */
  abstract KeyValueStore open() throws Exception;

  /** Releases what {@link #open} needed besides the store, after the store is closed. */
  void release() throws Exception {}

  @BeforeEach
  void openStore() throws Exception {
    store = open();
  }

  @AfterEach
  void closeStore() throws Exception {
    for (AutoCloseable c : opened.reversed()) {
      c.close();
    }
    store.close();
    release();
  }

  private Registry registry(Duration ttl) {
    Registry registry = Registry.over(store, ttl);
    opened.add(registry);
    return registry;
  }

  private static Registration web(String host, int port) {
    return new Registration(
        "web-" + host, "web", "10.0.0.1", port, List.of("http"), Map.of("zone", "a"));
  }

  private Recorded watch(Registry registry, String service) throws CoordException {
    Recorded recorded = new Recorded();
    Watch watch = registry.watch(service, recorded);
    opened.add(watch);
    return recorded;
  }

  @Test
  void register_isListedByService_andInAll() throws Exception {
    Registry registry = registry(Duration.ofSeconds(10));
    Registration a = web("h1", 8080);
    Registration b = new Registration("webby-h1", "webby", "10.0.0.2", 81, null, null);

    registry.register(a);
    registry.register(b);

    assertThat(registry.list("web")).containsExactly(a);
    assertThat(registry.list("webby")).containsExactly(b);
    assertThat(registry.list()).containsExactly(a, b);
    assertThat(registry.list("db")).isEmpty();
  }

  @Test
  void aRegistration_isStoredAsJson_underServicesNameId_onALease() throws Exception {
    registry(Duration.ofSeconds(10)).register(web("h1", 8080));

    var entry = store.get("/services/web/web-h1").orElseThrow();
    JsonNode json = Json.strict().readTree(entry.text());
    assertThat(json.get("id").asText()).isEqualTo("web-h1");
    assertThat(json.get("name").asText()).isEqualTo("web");
    assertThat(json.get("address").asText()).isEqualTo("10.0.0.1");
    assertThat(json.get("port").asInt()).isEqualTo(8080);
    assertThat(json.get("tags").get(0).asText()).isEqualTo("http");
    assertThat(json.get("meta").get("zone").asText()).isEqualTo("a");
    assertThat(entry.lease()).isPositive();
  }

  @Test
  void registeringAgain_replaces_andDeregister_removes() throws Exception {
    Registry registry = registry(Duration.ofSeconds(10));
    registry.register(web("h1", 8080));
    registry.register(web("h1", 9090));

    assertThat(registry.list("web")).extracting(Registration::port).containsExactly(9090);
    assertThat(registry.deregister("web", "web-h1")).isTrue();
    assertThat(registry.deregister("web", "web-h1")).isFalse();
    assertThat(registry.list()).isEmpty();
  }

  @Test
  void whatOthersWroteUnderTheRoot_thatIsNoRegistration_isSkipped() throws Exception {
    Registry registry = registry(Duration.ofSeconds(10));
    store.put("/services/web/junk", "not json");
    registry.register(web("h1", 8080));

    assertThat(registry.list("web")).containsExactly(web("h1", 8080));
  }

  @Test
  void watch_seesRegistrationsAndDeregistrations_ofItsServiceOnly() throws Exception {
    Registry registry = registry(Duration.ofSeconds(10));
    Recorded web = watch(registry, "web");
    Recorded all = watch(registry, null);

    registry.register(web("h1", 8080));
    registry.register(new Registration("webby-h1", "webby", "10.0.0.2", 81, null, null));
    registry.deregister("web", "web-h1");

    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(web.changes)
                    .containsExactly(
                        new RegistryChange.Registered(web("h1", 8080)),
                        new RegistryChange.Deregistered("web", "web-h1")));
    await().atMost(WAIT).untilAsserted(() -> assertThat(all.changes).hasSize(3));
    assertThat(all.changes.get(1).service()).isEqualTo("webby");
  }

  @Test
  void withoutKeepAlive_theLeaseExpires_andTheRegistrationDisappears() throws Exception {
    Registry registry = registry(Duration.ofSeconds(1));
    Recorded web = watch(registry, "web");
    registry.register(web("h1", 8080));
    assertThat(registry.list("web")).hasSize(1);

    // etcd raises a short TTL to its minimum (about 2 s), and checks leases every half second
    await().atMost(Duration.ofSeconds(15)).until(() -> registry.list("web").isEmpty());
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(web.changes).contains(new RegistryChange.Deregistered("web", "web-h1")));
  }

  @Test
  void keepAlive_keepsTheRegistrationPastItsTtl() throws Exception {
    Registry registry = registry(Duration.ofSeconds(2));
    registry.register(web("h1", 8080));

    long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (System.nanoTime() < until) {
      registry.keepAlive();
      Thread.sleep(400);
    }

    assertThat(registry.list("web")).hasSize(1);
  }

  @Test
  void keepAlive_afterTheLeaseWasLost_registersEverythingAgain() throws Exception {
    Registry registry = registry(Duration.ofSeconds(10));
    registry.register(web("h1", 8080));
    long lease = store.get("/services/web/web-h1").orElseThrow().lease();
    store.revokeLease(lease);
    assertThat(registry.list()).isEmpty();

    registry.keepAlive();

    assertThat(registry.list()).containsExactly(web("h1", 8080));
    assertThat(store.get("/services/web/web-h1").orElseThrow().lease()).isNotEqualTo(lease);
  }

  @Test
  void close_removesThisRegistrysRegistrations_atOnce_andNoOneElses() throws Exception {
    Registry mine = Registry.over(store, Duration.ofSeconds(30));
    Registry other = registry(Duration.ofSeconds(30));
    mine.register(web("h1", 8080));
    other.register(web("h2", 8080));

    mine.close();

    assertThat(other.list("web")).extracting(Registration::id).containsExactly("web-h2");
  }

  /** Records what a registry watch sees. */
  static final class Recorded implements RegistryListener {
    final List<RegistryChange> changes = new CopyOnWriteArrayList<>();
    final List<CoordException> failures = new CopyOnWriteArrayList<>();

    @Override
    public void changed(List<RegistryChange> batch) {
      changes.addAll(batch);
    }

    @Override
    public void failed(CoordException error) {
      failures.add(error);
    }
  }
}
