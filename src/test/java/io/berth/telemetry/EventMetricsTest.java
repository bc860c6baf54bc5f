package io.berth.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.testing.ExposedMetrics;
import io.berth.testing.Promtool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The counters fed by the event bus, with the attributes the publishers give. */
class EventMetricsTest {
  private final Bus bus = new Bus();

  @AfterEach
  void close() {
    bus.close();
  }

  @Test
  void pulls_countBytesAndDurationByResult() {
    bus.publish(
        "image.pull",
        "localhost:5000/app:1",
        "digest",
        "sha256:00",
        "layersPulled",
        "2",
        "bytes",
        "1000",
        "millis",
        "1500");
    bus.publish("image.pull", "localhost:5000/app:2", "bytes", "24", "millis", "200");
    bus.publish("image.pull.fail", "localhost:5000/app:3", "error", "refused", "millis", "7");

    ExposedMetrics metrics = bus.scrape();

    assertThat(metrics.value("berth_image_pulls_total", "result", "success")).contains(2.0);
    assertThat(metrics.value("berth_image_pulls_total", "result", "failure")).contains(1.0);
    assertThat(metrics.value("berth_image_pulled_bytes_total")).contains(1024.0);
    assertThat(metrics.value("berth_image_pull_duration_seconds_count", "result", "success"))
        .contains(2.0);
    assertThat(metrics.value("berth_image_pull_duration_seconds_sum", "result", "success"))
        .hasValueSatisfying(
            s -> assertThat(s).isCloseTo(1.7, org.assertj.core.data.Offset.offset(1e-9)));
    assertThat(
            metrics.value(
                "berth_image_pull_duration_seconds_bucket", "result", "success", "le", "0.25"))
        .contains(1.0);
    Promtool.checkMetrics(bus.text());
  }

  @Test
  void beforeAnything_pullAndReloadCountersAreZero() {
    ExposedMetrics metrics = bus.scrape();

    assertThat(metrics.value("berth_image_pulls_total", "result", "success")).contains(0.0);
    assertThat(metrics.value("berth_image_pulls_total", "result", "failure")).contains(0.0);
    assertThat(metrics.value("berth_config_reloads_total", "result", "failure")).contains(0.0);
    assertThat(metrics.value("berth_containers", "state", "running")).contains(0.0);
    assertThat(metrics.value("berth_services", "status", "running")).contains(0.0);
    assertThat(metrics.has("jvm_memory_used_bytes")).isTrue();
    assertThat(metrics.has("process_cpu_seconds_total")).isTrue();
    Promtool.checkMetrics(bus.text());
  }

  @Test
  void serviceEvents_countRestartsUpgradesAndRollbacksByTrigger() {
    bus.publish("service.restart", "web", "attempt", "1", "delayMillis", "100");
    bus.publish("service.restart", "web", "attempt", "2", "delayMillis", "200");
    bus.publish("service.restart", "web", "from", "sha256:aa", "to", "sha256:aa");
    bus.publish("service.upgrade", "web", "from", "sha256:aa", "to", "sha256:bb");
    bus.publish(
        "service.rollback", "web", "from", "sha256:bb", "to", "sha256:cc", "reason", "exited");
    bus.publish("service.rollback", "web", "from", "sha256:bb", "to", "sha256:aa");
    bus.publish("config.reload", "berth.yaml", "services", "1");
    bus.publish("config.invalid", "berth.yaml", "error", "bad");

    ExposedMetrics metrics = bus.scrape();

    assertThat(metrics.value("berth_service_restarts_total", "service", "web", "trigger", "policy"))
        .contains(2.0);
    assertThat(metrics.value("berth_service_restarts_total", "service", "web", "trigger", "user"))
        .contains(1.0);
    assertThat(metrics.value("berth_service_upgrades_total", "service", "web")).contains(1.0);
    assertThat(
            metrics.value("berth_service_rollbacks_total", "service", "web", "trigger", "failure"))
        .contains(1.0);
    assertThat(metrics.value("berth_service_rollbacks_total", "service", "web", "trigger", "user"))
        .contains(1.0);
    assertThat(metrics.value("berth_config_reloads_total", "result", "success")).contains(1.0);
    assertThat(metrics.value("berth_config_reloads_total", "result", "failure")).contains(1.0);

    bus.publish("service.remove", "web");

    assertThat(bus.scrape().find("berth_service_restarts_total", "service", "web")).isEmpty();
    assertThat(bus.scrape().find("berth_service_upgrades_total", "service", "web")).isEmpty();
    Promtool.checkMetrics(bus.text());
  }

  @Test
  void scrape_answersOpenMetricsWhenAskedFor_elseText004() throws Exception {
    Exposition text = bus.telemetry.scrape("text/plain");
    Exposition open =
        bus.telemetry.scrape("application/openmetrics-text; version=1.0.0; charset=utf-8");
    Exposition protobuf =
        bus.telemetry.scrape(
            "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily;"
                + " encoding=delimited");

    assertThat(text.contentType()).startsWith("text/plain; version=0.0.4");
    assertThat(open.contentType()).startsWith("application/openmetrics-text; version=1.0.0");
    assertThat(open.text()).endsWith("# EOF\n").contains("# TYPE berth_image_pulls counter");
    assertThat(protobuf.contentType()).startsWith("text/plain; version=0.0.4");
  }
}
