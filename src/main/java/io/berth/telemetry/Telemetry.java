package io.berth.telemetry;

import io.berth.events.EventBus;
import java.io.IOException;
import java.util.List;

/**
 * The agent's metrics: what the event bus reports, counted as it happens; what runs, read at each
 * scrape; and the sensors registered through {@link #sensor}. Close it to stop following the bus.
 * See docs/metrics.md for every metric.
 */
public interface Telemetry extends AutoCloseable {

  /** Metrics that follow {@code events} from now on and read {@code host} at each scrape. */
  static Telemetry start(EventBus events, HostView host) {
    return PrometheusTelemetry.start(events, host);
  }

  /**
   * Registers a metric family of one's own, such as a ContainerPilot sensor: its values come from
   * whoever holds the result (a command's output, for a sensor).
   *
   * @param name a Prometheus metric name in snake_case ({@code [a-z_][a-z0-9_]*}); a counter's
   *     {@code _total} is added when it is not given; names starting with {@code berth_}, {@code
   *     jvm_} or {@code process_} are berth's own
   * @param help what it measures, for {@code # HELP}
   * @param labelNames the names of its labels, in the order values are given
   * @throws IllegalArgumentException naming what is wrong with the name, a label, or that the name
   *     is taken
   */
  Sensor sensor(String name, String help, Sensor.Type type, List<String> labelNames);

  /**
   * The metrics now, in the format the {@code Accept} header asks for: OpenMetrics when it names
   * {@code application/openmetrics-text}, else Prometheus text 0.0.4.
   *
   * @param accept the request's Accept header, or null
   */
  Exposition scrape(String accept) throws IOException;

  /** Stops following the event bus. */
  @Override
  void close();
}
