package io.berth.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.testing.Promtool;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Plain HTTP on TCP that serves /metrics and nothing else. */
class MetricsListenerTest {
  private final Bus bus = new Bus();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private MetricsListener listener;

  @AfterEach
  void close() {
    if (listener != null) {
      listener.close();
    }
    http.close();
    bus.close();
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(
        request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + listener.port() + path);
  }

  @Test
  void getMetrics_answersText004_thatPromtoolAccepts() throws Exception {
    listener = MetricsListener.start(new InetSocketAddress("127.0.0.1", 0), bus.telemetry);

    HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/metrics")));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain; version=0.0.4"));
    assertThat(response.body()).contains("berth_image_pulls_total{result=\"success\"} 0");
    Promtool.checkMetrics(response.body());
  }

  @Test
  void openMetricsAccept_getsOpenMetrics() throws Exception {
    listener = MetricsListener.start(new InetSocketAddress("127.0.0.1", 0), bus.telemetry);

    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(uri("/metrics"))
                .header("Accept", "application/openmetrics-text;version=1.0.0,text/plain;q=0.5"));

    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/openmetrics-text"));
    assertThat(response.body()).endsWith("# EOF\n");
  }

  @Test
  void otherPathsAndMethods_areRefused() throws Exception {
    listener = MetricsListener.start(new InetSocketAddress("127.0.0.1", 0), bus.telemetry);

    assertThat(send(HttpRequest.newBuilder(uri("/v1/containers"))).statusCode()).isEqualTo(404);
    assertThat(send(HttpRequest.newBuilder(uri("/"))).statusCode()).isEqualTo(404);
    HttpResponse<String> post =
        send(HttpRequest.newBuilder(uri("/metrics")).POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).contains("GET, HEAD");
  }

  @Test
  void takenPort_failsNamingTheAddress_andClosedListenerStopsListening() throws Exception {
    listener = MetricsListener.start(new InetSocketAddress("127.0.0.1", 0), bus.telemetry);
    int port = listener.port();

    assertThatThrownBy(
            () -> MetricsListener.start(new InetSocketAddress("127.0.0.1", port), bus.telemetry))
        .hasMessageContaining("cannot serve metrics on 127.0.0.1:" + port);

    listener.close();
    listener = null;
    assertThatThrownBy(
            () ->
                http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(ConnectException.class);
  }
}
