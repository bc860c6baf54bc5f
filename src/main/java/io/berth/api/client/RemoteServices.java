package io.berth.api.client;

import com.fasterxml.jackson.core.type.TypeReference;
import io.berth.api.ConfigStatus;
import io.berth.api.RegistryPush;
import io.berth.api.ServiceHistory;
import io.berth.api.ServiceInfo;
import io.berth.api.Services;
import java.util.List;

/** {@code /v1/services} and {@code /v1/config} over HTTP. */
final class RemoteServices implements Services {
  private final ApiCalls calls;

  RemoteServices(ApiCalls calls) {
    this.calls = calls;
  }

  @Override
  public List<ServiceInfo> list() {
    return calls.call("GET", Target.of("/v1/services"), null, new TypeReference<>() {});
  }

  @Override
  public ServiceInfo inspect(String name) {
    return calls.call("GET", Target.of("/v1/services/{}", name), null, new TypeReference<>() {});
  }

  @Override
  public ServiceInfo act(String name, String action) {
    return calls.call(
        "POST", Target.of("/v1/services/{}/{}", name, action), null, new TypeReference<>() {});
  }

  @Override
  public ServiceInfo maintenance(String name, boolean on) {
    return calls.call(
        "POST",
        Target.of("/v1/services/{}/maintenance/{}", name, on ? "on" : "off"),
        null,
        new TypeReference<>() {});
  }

  @Override
  public List<String> maintenanceAll(Boolean on) {
    String mode = on == null ? "toggle" : on ? "on" : "off";
    return calls.call(
        "POST", Target.of("/v1/maintenance/{}", mode), null, new TypeReference<>() {});
  }

  @Override
  public void signal(String name, String task, String signal) {
    Target target = Target.of("/v1/services/{}/signal", name).query("signal", signal);
    if (task != null) {
      target = target.query("task", task);
    }
    calls.call("POST", target, null, new TypeReference<java.util.Map<String, Object>>() {});
  }

  @Override
  public ServiceInfo task(String name, String task, String action) {
    return calls.call(
        "POST",
        Target.of("/v1/services/{}/tasks/{}/{}", name, task, action),
        null,
        new TypeReference<>() {});
  }

  @Override
  public List<ServiceHistory> history(String name, int limit) {
    return calls.call(
        "GET",
        Target.of("/v1/services/{}/history", name).query("limit", limit),
        null,
        new TypeReference<>() {});
  }

  @Override
  public ConfigStatus reload() {
    return calls.call("POST", Target.of("/v1/config/reload"), null, new TypeReference<>() {});
  }

  @Override
  public ConfigStatus config() {
    return calls.call("GET", Target.of("/v1/config"), null, new TypeReference<>() {});
  }

  @Override
  public List<String> pushed(RegistryPush push) {
    throw new UnsupportedOperationException(
        "registries report pushes to the agent's webhook, not through a client");
  }
}
