package io.berth.telemetry;

import io.berth.runtime.ContainerRecord;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What runs on the host, as telemetry reads it at scrape time and when an event names it. */
public interface HostView {
  /** A host with nothing on it. */
  HostView NONE =
      new HostView() {
        @Override
        public List<ContainerRecord> containers() {
          return List.of();
        }

        @Override
        public Optional<ContainerRecord> container(String id) {
          return Optional.empty();
        }

        @Override
        public Map<String, String> services() {
          return Map.of();
        }
      };

  /** Every container the store knows, in any state. */
  List<ContainerRecord> containers() throws IOException;

  /** One container by its full id, while the store has it. */
  Optional<ContainerRecord> container(String id) throws IOException;

  /** Each service's status (running, backoff, crash-loop, ...), by service name. */
  Map<String, String> services();
}
