package io.berth.discovery;

import io.berth.coord.CoordException;
import io.berth.coord.KeyValue;
import io.berth.coord.KeyValueStore;
import io.berth.coord.Keys;
import io.berth.coord.LeaseNotFoundException;
import io.berth.coord.PutOptions;
import io.berth.coord.Watch;
import io.berth.coord.WatchEvent;
import io.berth.coord.WatchListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link Registry} over a {@link KeyValueStore}, with one lease for what it registers. */
final class StoreRegistry implements Registry {
  private static final Logger LOG = LoggerFactory.getLogger(StoreRegistry.class);

  private final KeyValueStore store;
  private final Duration ttl;
  private final Map<String, Registration> mine = new LinkedHashMap<>();
  private long lease;

  StoreRegistry(KeyValueStore store, Duration ttl) {
    if (ttl == null || ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("a registration TTL must be positive, not " + ttl);
    }
    this.store = store;
    this.ttl = ttl;
  }

  static String key(String service, String id) {
    return ROOT + service + "/" + id;
  }

  @Override
  public synchronized void register(Registration registration) throws CoordException {
    String key = key(registration.name(), registration.id());
    if (lease == 0) {
      lease = store.grantLease(ttl).id();
    }
    try {
      store.put(key, registration.toJson(), PutOptions.lease(lease));
    } catch (LeaseNotFoundException e) {
      renew();
      store.put(key, registration.toJson(), PutOptions.lease(lease));
    }
    mine.put(key, registration);
  }

  @Override
  public synchronized boolean deregister(String service, String id) throws CoordException {
    String key = key(service, id);
    mine.remove(key);
    return store.delete(key);
  }

  @Override
  public List<Registration> list() throws CoordException {
    return read(ROOT);
  }

  @Override
  public List<Registration> list(String service) throws CoordException {
    return read(ROOT + service + "/");
  }

  private List<Registration> read(String prefix) throws CoordException {
    List<Registration> found = new ArrayList<>();
    for (KeyValue entry : store.range(prefix).entries()) {
      parse(entry).ifPresent(found::add);
    }
    return found;
  }

  /** A registration, or nothing (logged) when someone wrote something else under the root. */
  private static java.util.Optional<Registration> parse(KeyValue entry) {
    try {
      return java.util.Optional.of(Registration.fromJson(entry.key(), entry.text()));
    } catch (IllegalArgumentException e) {
      LOG.warn("discovery: {}", e.getMessage());
      return java.util.Optional.empty();
    }
  }

  @Override
  public Watch watch(String service, RegistryListener listener) throws CoordException {
    String prefix = service == null ? ROOT : ROOT + service + "/";
    return store.watch(
        Keys.prefix(prefix),
        0,
        new WatchListener() {
          @Override
          public void onEvents(List<WatchEvent> events) {
            List<RegistryChange> changes = new ArrayList<>();
            for (WatchEvent event : events) {
              switch (event) {
                case WatchEvent.Put put ->
                    parse(put.entry()).map(RegistryChange.Registered::new).ifPresent(changes::add);
                case WatchEvent.Delete delete -> {
                  String[] parts = delete.key().substring(ROOT.length()).split("/", 2);
                  if (parts.length == 2) {
                    changes.add(new RegistryChange.Deregistered(parts[0], parts[1]));
                  }
                }
              }
            }
            if (!changes.isEmpty()) {
              listener.changed(changes);
            }
          }

          @Override
          public void onFailed(CoordException error) {
            listener.failed(error);
          }
        });
  }

  @Override
  public synchronized void keepAlive() throws CoordException {
    if (lease == 0) {
      return;
    }
    try {
      store.keepAlive(lease);
    } catch (LeaseNotFoundException e) {
      LOG.warn("discovery: the registrations' lease ended; registering {} again", mine.size());
      renew();
    }
  }

  /** A new lease, with everything this registry registered written on it again. */
  private void renew() throws CoordException {
    lease = store.grantLease(ttl).id();
    for (var entry : mine.entrySet()) {
      store.put(entry.getKey(), entry.getValue().toJson(), PutOptions.lease(lease));
    }
  }

  @Override
  public synchronized void close() {
    mine.clear();
    if (lease == 0) {
      return;
    }
    try {
      store.revokeLease(lease);
    } catch (LeaseNotFoundException e) {
      // expired already: its keys are gone
    } catch (CoordException e) {
      LOG.warn(
          "discovery: could not revoke the registrations' lease (they expire): {}", e.getMessage());
    }
    lease = 0;
  }
}
