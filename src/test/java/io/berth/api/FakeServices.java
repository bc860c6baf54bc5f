package io.berth.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Services in memory for the API's tests: statuses change as the actions say. */
public final class FakeServices implements Services {
  private final Map<String, ServiceInfo> services = new LinkedHashMap<>();
  private final List<ServiceHistory> history = new ArrayList<>();
  private final List<RegistryPush> pushes = new ArrayList<>();

  public synchronized void add(String name, String image) {
    services.put(name, info(name, image, "running"));
  }

  public synchronized List<RegistryPush> pushes() {
    return List.copyOf(pushes);
  }

  private static ServiceInfo info(String name, String image, String status) {
    return new ServiceInfo(
        name,
        image,
        status,
        null,
        null,
        null,
        false,
        0,
        null,
        null,
        null,
        null,
        JsonNodeFactory.instance.objectNode().put("name", name),
        null,
        false,
        List.of());
  }

  @Override
  public ServiceInfo maintenance(String name, boolean on) {
    throw ApiException.notFound("no service '%s'".formatted(name));
  }

  @Override
  public List<String> maintenanceAll(Boolean on) {
    return List.of();
  }

  @Override
  public void signal(String name, String task, String signal) {
    throw ApiException.notFound("no service '%s'".formatted(name));
  }

  @Override
  public ServiceInfo task(String name, String task, String action) {
    throw ApiException.notFound("no service '%s'".formatted(name));
  }

  @Override
  public synchronized List<ServiceInfo> list() {
    return List.copyOf(services.values());
  }

  @Override
  public synchronized ServiceInfo inspect(String name) {
    ServiceInfo found = services.get(name);
    if (found == null) {
      throw ApiException.notFound("no service '%s'".formatted(name));
    }
    return found;
  }

  @Override
  public synchronized ServiceInfo act(String name, String action) {
    ServiceInfo service = inspect(name);
    String status =
        switch (action) {
          case "stop" -> "stopped";
          case "start", "restart", "rollback" -> "running";
          default -> throw ApiException.badRequest("unknown service action '%s'".formatted(action));
        };
    history.add(
        0,
        new ServiceHistory(name, action, null, null, Instant.now(), Instant.now(), "done", null));
    ServiceInfo changed = info(name, service.image(), status);
    services.put(name, changed);
    return changed;
  }

  @Override
  public synchronized List<ServiceHistory> history(String name, int limit) {
    inspect(name);
    return history.stream().filter(h -> h.service().equals(name)).limit(limit).toList();
  }

  @Override
  public ConfigStatus reload() {
    return config();
  }

  @Override
  public synchronized ConfigStatus config() {
    return new ConfigStatus(
        "fake", Instant.EPOCH, List.copyOf(services.keySet()), null, null, List.of());
  }

  @Override
  public synchronized List<String> pushed(RegistryPush push) {
    pushes.add(push);
    return services.values().stream()
        .filter(s -> s.image().contains(push.repository()))
        .map(ServiceInfo::name)
        .toList();
  }
}
