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
  private AutoCloseable subscription;
  private AutoCloseable samples;

  private PrometheusTelemetry(PrometheusRegistry registry) {
    this.registry = registry;
  }

  static PrometheusTelemetry start(EventBus events, HostView host) {
    PrometheusRegistry registry = new PrometheusRegistry();
    EventMetrics counted = new EventMetrics(registry, host);
    registry.register(new HostCollector(host, CgroupStats.host()));
    JvmMetrics.builder().register(registry);
    PrometheusTelemetry telemetry = new PrometheusTelemetry(registry);
    telemetry.subscription = events.subscribe(e -> true, counted);
    telemetry.samples = events.subscribe(e -> e.type().equals("sensor.sample"), telemetry::sample);
    return telemetry;
  }

  /**
   * A service's sensor printed a number: it goes into the sensor's family, labelled with the
   * service, the family registered at its first sample. A name that another kind of metric took is
   * reported, not recorded.
   */
  private void sample(io.berth.events.Event event) {
    Map<String, String> a = event.attributes();
    try {
      Sensor.Type type = Sensor.Type.parse(a.get("type"));
      String family = MetricNames.family(a.get("sensor"), type);
      Sensor sensor;
      synchronized (sensors) {
        sensor = sensors.get(family);
        if (sensor == null) {
          sensor = sensor(a.get("sensor"), a.get("help"), type, List.of("service"));
        }
      }
      if (sensor.type() != type || !sensor.labelNames().equals(List.of("service"))) {
        LOG.warn(
            "sensor {} of service {}: the name is taken by another metric",
            family,
            event.subject());
        return;
      }
      sensor.record(Double.parseDouble(a.get("value")), event.subject());
    } catch (RuntimeException e) {
      LOG.warn("sensor {} of service {}: {}", a.get("sensor"), event.subject(), e.getMessage());
    }
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
      samples.close();
    } catch (Exception e) {
      LOG.debug("unsubscribing metrics: {}", e.toString());
    }
  }
}
