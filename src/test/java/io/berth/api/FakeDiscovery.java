package io.berth.api;

import java.util.ArrayList;
import java.util.List;

/** Registered instances in memory, for the API's tests. */
public final class FakeDiscovery implements Discovery {
  private final List<ServiceInstance> instances = new ArrayList<>();

  public synchronized void add(ServiceInstance instance) {
    instances.add(instance);
  }

  @Override
  public synchronized List<ServiceInstance> list() {
    return List.copyOf(instances);
  }

  @Override
  public synchronized List<ServiceInstance> list(String service) {
    return instances.stream().filter(i -> i.name().equals(service)).toList();
  }
}
