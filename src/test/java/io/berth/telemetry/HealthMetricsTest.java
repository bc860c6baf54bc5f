package io.berth.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.testing.ExposedMetrics;
import io.berth.testing.Promtool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The supervisor's health events, as it will publish them ({@code check.result} and {@code
 * health.change}), published on a real event bus and counted.
 */
class HealthMetricsTest {
  private final Bus bus = new Bus();

  @AfterEach
  void close() {
    bus.close();
  }

  private void check(String service, String task, String check, String status, long millis) {
    bus.publish(
        "check.result",
        service,
        "task",
        task,
        "check",
        check,
        "status",
        status,
        "millis",
        Long.toString(millis));
  }

  @Test
  void checkResults_areCountedByStatus_andTheirLatencyObserved() {
    check("web", "main", "http", "passing", 20);
    check("web", "main", "http", "passing", 40);
    check("web", "main", "http", "failing", 3000);

    ExposedMetrics metrics = bus.scrape();

    assertThat(
            metrics.value(
                "berth_health_checks_total",
                "service",
                "web",
                "task",
                "main",
                "check",
                "http",
                "status",
                "passing"))
        .contains(2.0);
    assertThat(
            metrics.value(
                "berth_health_checks_total",
                "service",
                "web",
                "task",
                "main",
                "check",
                "http",
                "status",
                "failing"))
        .contains(1.0);
    assertThat(
            metrics.value(
                "berth_health_check_duration_seconds_count",
                "service",
                "web",
                "task",
                "main",
                "check",
                "http"))
        .contains(3.0);
    assertThat(
            metrics.value(
                "berth_health_check_duration_seconds_sum",
                "service",
                "web",
                "task",
                "main",
                "check",
                "http"))
        .hasValueSatisfying(sum -> assertThat(sum).isCloseTo(3.06, within()));
    assertThat(
            metrics.value(
                "berth_health_check_duration_seconds_bucket",
                "service",
                "web",
                "task",
                "main",
                "check",
                "http",
                "le",
                "0.05"))
        .contains(2.0);
    Promtool.checkMetrics(bus.text());
  }

  @Test
  void healthChange_setsItsStatusToOne_andTheOthersToZero() {
    bus.publish("health.change", "web", "task", "main", "status", "starting");
    bus.publish("health.change", "web", "task", "main", "status", "healthy");
    bus.publish("health.change", "web", "task", "sidecar", "status", "unhealthy");

    ExposedMetrics metrics = bus.scrape();

    assertThat(status(metrics, "main", "healthy")).isEqualTo(1.0);
    assertThat(status(metrics, "main", "starting")).isEqualTo(0.0);
    assertThat(status(metrics, "main", "unhealthy")).isEqualTo(0.0);
    assertThat(status(metrics, "sidecar", "unhealthy")).isEqualTo(1.0);
    assertThat(status(metrics, "sidecar", "healthy")).isEqualTo(0.0);
    Promtool.checkMetrics(bus.text());
  }

  @Test
  void removedService_losesItsHealthSeries_othersKeepTheirs() {
    bus.publish("health.change", "web", "task", "main", "status", "healthy");
    bus.publish("health.change", "db", "task", "main", "status", "healthy");
    check("web", "main", "http", "passing", 5);

    bus.publish("service.remove", "web");

    ExposedMetrics metrics = bus.scrape();
    assertThat(metrics.find("berth_health_status", "service", "web")).isEmpty();
    assertThat(metrics.find("berth_health_checks_total", "service", "web")).isEmpty();
    assertThat(metrics.value("berth_health_status", "service", "db", "status", "healthy"))
        .contains(1.0);
  }

  private static double status(ExposedMetrics metrics, String task, String status) {
    return metrics
        .value("berth_health_status", "service", "web", "task", task, "status", status)
        .orElseThrow(() -> new AssertionError("no health series for " + task + " " + status));
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-9);
  }
}
