package io.berth.supervise;

import io.berth.spec.ServiceSpec;
import java.io.IOException;
import java.util.Map;

/**
 * Variables the agent adds to a service's containers besides those it declares, such as a token of
 * its own for the configuration store ({@code kvAccess}). The agent plugs its source in; the
 * supervisor knows only this. The values may be secrets: they are never logged.
 */
public interface ServiceEnv {
  /**
   * The variables for a container of {@code service} about to start (they override the service's
   * own); throws, naming the service, when it asks for what the agent cannot give.
   */
  Map<String, String> env(ServiceSpec service) throws IOException;

  /** {@code service} was removed from the config: what was made for it is no longer needed. */
  void removed(String service);

  /** Nothing is added; a service with {@code kvAccess} cannot start. */
  ServiceEnv NONE =
      new ServiceEnv() {
        @Override
        public Map<String, String> env(ServiceSpec service) throws IOException {
          if (service.kvAccess() != null) {
            throw new IOException(
                ("service %s: kvAccess gives it a token for the agent's remote API, and this"
                        + " agent serves none: start it with --listen HOST:PORT, or remove"
                        + " kvAccess")
                    .formatted(service.name()));
          }
          return Map.of();
        }

        @Override
        public void removed(String service) {}
      };
}
