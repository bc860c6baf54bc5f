package io.berth.api.client;

import com.fasterxml.jackson.core.type.TypeReference;
import io.berth.api.Discovery;
import io.berth.api.ServiceInstance;
import java.util.List;

/** {@code /v1/discovery} over HTTP. */
final class RemoteDiscovery implements Discovery {
  private final ApiCalls calls;

  RemoteDiscovery(ApiCalls calls) {
    this.calls = calls;
  }

  @Override
  public List<ServiceInstance> list() {
    return calls.call("GET", Target.of("/v1/discovery"), null, new TypeReference<>() {});
  }

  @Override
  public List<ServiceInstance> list(String service) {
    return calls.call(
        "GET", Target.of("/v1/discovery/{}", service), null, new TypeReference<>() {});
  }
}
