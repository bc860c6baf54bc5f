package io.berth.supervise;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The registered, healthy instances of services, as discovery knows them, for services that follow
 * their backends. The agent plugs discovery in; the supervisor knows only this.
 */
public interface Backends {
  /**
   * The instances of {@code service}, each {@code {id, name, address, port, tags, meta}}, in a
   * stable order.
   */
  List<Map<String, Object>> instances(String service) throws IOException;

  /** Calls {@code changed} when the instances of {@code service} change, until closed. */
  AutoCloseable watch(String service, Runnable changed) throws IOException;

  /** No discovery: no instances, no changes. */
  Backends NONE =
      new Backends() {
        @Override
        public List<Map<String, Object>> instances(String service) {
          return List.of();
        }

        @Override
        public AutoCloseable watch(String service, Runnable changed) {
          return () -> {};
        }
      };
}
