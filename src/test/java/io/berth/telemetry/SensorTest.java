package io.berth.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.testing.ExposedMetrics;
import io.berth.testing.Promtool;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Metric families other code registers, such as ContainerPilot's sensors. */
class SensorTest {
  private final Bus bus = new Bus();

  @AfterEach
  void close() {
    bus.close();
  }

  @Test
  void eachType_recordsAsItsKindDoes_andPassesPromtool() {
    Sensor requests =
        bus.telemetry.sensor(
            "app_requests", "Requests served.", Sensor.Type.COUNTER, List.of("path"));
    Sensor queue =
        bus.telemetry.sensor("app_queue_depth", "Jobs waiting.", Sensor.Type.GAUGE, null);
    Sensor latency =
        bus.telemetry.sensor(
            "app_latency_seconds", "Request latency.", Sensor.Type.HISTOGRAM, List.of());
    Sensor size =
        bus.telemetry.sensor("app_payload_bytes", "Payload sizes.", Sensor.Type.SUMMARY, List.of());

    requests.record(2, "/");
    requests.record("3\n", "/");
    requests.record(1, "/health");
    queue.record(7);
    queue.record(" 4 ");
    latency.record(0.02);
    latency.record(0.3);
    size.record(100);

    ExposedMetrics metrics = bus.scrape();
    assertThat(requests.name()).isEqualTo("app_requests_total");
    assertThat(metrics.value("app_requests_total", "path", "/")).contains(5.0);
    assertThat(metrics.value("app_requests_total", "path", "/health")).contains(1.0);
    assertThat(metrics.value("app_queue_depth")).contains(4.0);
    assertThat(metrics.value("app_latency_seconds_count")).contains(2.0);
    assertThat(metrics.value("app_latency_seconds_bucket", "le", "0.025")).contains(1.0);
    assertThat(metrics.value("app_payload_bytes_count")).contains(1.0);
    assertThat(metrics.value("app_payload_bytes", "quantile", "0.5")).contains(100.0);
    assertThat(bus.text()).contains("# HELP app_queue_depth Jobs waiting.");
    Promtool.checkMetrics(bus.text());
  }

  @Test
  void counterNamedWithTotal_isTheSameFamily() {
    Sensor sensor = bus.telemetry.sensor("app_jobs_total", "Jobs.", Sensor.Type.COUNTER, null);
    sensor.record(1);

    assertThat(sensor.name()).isEqualTo("app_jobs_total");
    assertThat(bus.scrape().value("app_jobs_total")).contains(1.0);
    assertThatThrownBy(() -> bus.telemetry.sensor("app_jobs", "Jobs.", Sensor.Type.COUNTER, null))
        .hasMessageContaining("'app_jobs' is registered already");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "App_Requests | GAUGE | is not a metric name",
        "app-requests | GAUGE | is not a metric name",
        "9lives | GAUGE | is not a metric name",
        "app:requests | GAUGE | is not a metric name",
        "'' | GAUGE | is not a metric name",
        "__app | GAUGE | reserved by Prometheus",
        "berth_mine | GAUGE | berth's own metrics",
        "jvm_mine | COUNTER | berth's own metrics",
        "process_mine | GAUGE | berth's own metrics",
        "app_queue_total | GAUGE | which only counters have",
        "app_latency_bucket | HISTOGRAM | may not end in '_bucket'",
        "app_calls_count | GAUGE | may not end in '_count'",
        "app_calls_sum | SUMMARY | may not end in '_sum'",
        "app_build_info | GAUGE | may not end in '_info'",
        "app_started_created | COUNTER | may not end in '_created'",
      })
  void badName_isRefusedSayingWhy(String name, Sensor.Type type, String why) {
    assertThatThrownBy(() -> bus.telemetry.sensor(name, "help", type, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(why);
  }

  @Test
  void badLabels_areRefusedNamingThem() {
    assertThatThrownBy(() -> bus.telemetry.sensor("app_a", "h", Sensor.Type.GAUGE, List.of("Path")))
        .hasMessageContaining("'Path' is not a label name");
    assertThatThrownBy(
            () -> bus.telemetry.sensor("app_b", "h", Sensor.Type.HISTOGRAM, List.of("le")))
        .hasMessageContaining("'le' is reserved");
    assertThatThrownBy(
            () -> bus.telemetry.sensor("app_c", "h", Sensor.Type.GAUGE, List.of("x", "x")))
        .hasMessageContaining("'x' is given twice");
    assertThatThrownBy(
            () -> bus.telemetry.sensor("app_d", "h", Sensor.Type.GAUGE, List.of("__name")))
        .hasMessageContaining("reserved");
  }

  @Test
  void badValues_areRefused() {
    Sensor counter = bus.telemetry.sensor("app_e", "h", Sensor.Type.COUNTER, List.of("kind"));

    assertThatThrownBy(() -> counter.record(-1, "a")).hasMessageContaining("only goes up");
    assertThatThrownBy(() -> counter.record(1)).hasMessageContaining("takes 1 label value(s)");
    assertThatThrownBy(() -> counter.record("ready\nsteady", "a"))
        .hasMessage("sensor app_e_total: the output \"ready\" is not a number");
    assertThatThrownBy(() -> counter.record("NaN", "a")).hasMessageContaining("NaN");
  }

  @Test
  void closedSensor_leavesTheMetrics_andItsNameIsFreeAgain() {
    Sensor first = bus.telemetry.sensor("app_f", "h", Sensor.Type.GAUGE, List.of());
    first.record(1);
    first.close();

    assertThat(bus.scrape().has("app_f")).isFalse();
    Sensor second = bus.telemetry.sensor("app_f", "h", Sensor.Type.GAUGE, List.of());
    second.record(2);
    assertThat(bus.scrape().value("app_f")).contains(2.0);
  }

  @Test
  void type_parsesAnyCase_andRefusesOthers() {
    assertThat(Sensor.Type.parse("Counter")).isEqualTo(Sensor.Type.COUNTER);
    assertThatThrownBy(() -> Sensor.Type.parse("meter"))
        .hasMessageContaining("expected counter, gauge, histogram or summary");
  }
}
