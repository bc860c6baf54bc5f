package io.berth.telemetry;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.datapoints.GaugeDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.StatefulMetric;
import io.prometheus.metrics.core.metrics.Summary;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;

/** A sensor as one of the Prometheus client's metrics in berth's registry. */
final class PrometheusSensor implements Sensor {
  private final String name;
  private final Type type;
  private final List<String> labelNames;
  private final StatefulMetric<?, ?> metric;
  private final Runnable onClose;

  private PrometheusSensor(
      String name,
      Type type,
      List<String> labelNames,
      StatefulMetric<?, ?> metric,
      Runnable onClose) {
    this.name = name;
    this.type = type;
    this.labelNames = labelNames;
    this.metric = metric;
    this.onClose = onClose;
  }

  /** Builds the metric and registers it; {@code family} and labels are already checked. */
  static PrometheusSensor register(
      PrometheusRegistry registry,
      String family,
      String help,
      Type type,
      List<String> labelNames,
      Runnable onClose) {
    String[] labels = labelNames.toArray(String[]::new);
    String text = help == null || help.isBlank() ? family : help.strip();
    StatefulMetric<?, ?> metric =
        switch (type) {
          case COUNTER -> Counter.builder().name(family).help(text).labelNames(labels).build();
          case GAUGE -> Gauge.builder().name(family).help(text).labelNames(labels).build();
          case HISTOGRAM ->
              Histogram.builder().name(family).help(text).labelNames(labels).classicOnly().build();
          case SUMMARY ->
              Summary.builder()
                  .name(family)
                  .help(text)
                  .labelNames(labels)
                  .quantile(0.5, 0.05)
                  .quantile(0.9, 0.01)
                  .quantile(0.99, 0.001)
                  .build();
        };
    registry.register(metric);
    String exposed = type == Type.COUNTER ? family + "_total" : family;
    return new PrometheusSensor(
        exposed,
        type,
        labelNames,
        metric,
        () -> {
          registry.unregister(metric);
          onClose.run();
        });
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Type type() {
    return type;
  }

  @Override
  public List<String> labelNames() {
    return labelNames;
  }

  @Override
  public void record(double value, String... labelValues) {
    if (labelValues.length != labelNames.size()) {
      throw new IllegalArgumentException(
          "sensor %s takes %d label value(s) %s, got %d"
              .formatted(name, labelNames.size(), labelNames, labelValues.length));
    }
    if (Double.isNaN(value)) {
      throw new IllegalArgumentException("sensor %s: NaN is not a value".formatted(name));
    }
    switch (metric.labelValues(labelValues)) {
      case CounterDataPoint counter -> {
        if (value < 0) {
          throw new IllegalArgumentException(
              "sensor %s is a counter: it only goes up, %s is negative".formatted(name, value));
        }
        counter.inc(value);
      }
      case GaugeDataPoint gauge -> gauge.set(value);
      case DistributionDataPoint distribution -> distribution.observe(value);
      default -> throw new IllegalStateException("a sensor of unknown kind: " + metric);
    }
  }

  @Override
  public void close() {
    onClose.run();
  }
}
