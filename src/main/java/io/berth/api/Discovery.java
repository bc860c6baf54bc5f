package io.berth.api;

import java.util.List;

/** What is registered in service discovery, {@code /v1/discovery}. */
public interface Discovery {
  /** Every registered instance, by service then id. */
  List<ServiceInstance> list();

  /** The registered instances of {@code service}; empty when none is. */
  List<ServiceInstance> list(String service);

  /** Discovery where no agent runs: every call says so. */
  static Discovery unavailable() {
    return new Discovery() {
      private ApiException why() {
        return new ApiException(
            ApiException.Kind.UNAVAILABLE,
            "discovery is kept by the agent: start it with 'berth agent -c FILE'");
      }

      @Override
      public List<ServiceInstance> list() {
        throw why();
      }

      @Override
      public List<ServiceInstance> list(String service) {
        throw why();
      }
    };
  }
}
