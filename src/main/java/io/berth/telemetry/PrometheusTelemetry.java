package io.berth.telemetry;

import io.berth.events.EventBus;
import io.berth.runtime.CgroupStats;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link Telemetry} with the Prometheus Java client, in a registry of its own. */
final class PrometheusTelemetry implements Telemetry {
  private static final Logger LOG = LoggerFactory.getLogger(PrometheusTelemetry.class);

  private final PrometheusRegistry registry;
  private final ExpositionFormats formats = ExpositionFormats.init();
  private final Map<String, Sensor> sensors = new ConcurrentHashMap<>();
  private final AutoCloseable subscription;

  private PrometheusTelemetry(PrometheusRegistry registry, AutoCloseable subscription) {
    this.registry = registry;
    this.subscription = subscription;
  }

  static PrometheusTelemetry start(EventBus events, HostView host) {
    PrometheusRegistry registry = new PrometheusRegistry();
    EventMetrics counted = new EventMetrics(registry, host);
    registry.register(new HostCollector(host, CgroupStats.host()));
    JvmMetrics.builder().register(registry);
    return new PrometheusTelemetry(registry, events.subscribe(e -> true, counted));
  }

  @Override
  public Sensor sensor(String name, String help, Sensor.Type type, List<String> labelNames) {
    if (type == null) {
      throw new IllegalArgumentException("sensor '%s' needs a type".formatted(name));
    }
    String family = MetricNames.family(name, type);
    List<String> labels = MetricNames.labels(family, labelNames);
    synchronized (sensors) {
      if (sensors.containsKey(family)) {
        throw new IllegalArgumentException(
            "a metric named '%s' is registered already".formatted(family));
      }
      Sensor sensor =
          PrometheusSensor.register(
              registry, family, help, type, labels, () -> sensors.remove(family));
      sensors.put(family, sensor);
      return sensor;
    }
  }

  @Override
  public Exposition scrape(String accept) throws IOException {
    ExpositionFormatWriter writer = formats.findWriter(accept);
    if (!writer.isAvailable()) {
      // the protobuf format is not on the class path: text is what every scraper reads
      writer = formats.getPrometheusTextFormatWriter();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 << 10);
    writer.write(out, registry.scrape());
    return new Exposition(writer.getContentType(), out.toByteArray());
  }

  @Override
  public void close() {
    try {
      subscription.close();
    } catch (Exception e) {
      LOG.debug("unsubscribing metrics: {}", e.toString());
    }
  }
}
