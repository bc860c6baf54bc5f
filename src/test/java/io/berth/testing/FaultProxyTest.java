package io.berth.testing;

import static io.berth.testing.FaultProxy.pathContains;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.image.oci.MediaTypes;
import io.berth.testing.FaultProxy.Fault;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class FaultProxyTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @AutoClose static TestRegistry registry;
  static RandomImage image;
  @AutoClose static FaultProxy proxy;
  @AutoClose private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    registry = TestRegistry.plain();
    image = TestImages.randomLayer(registry, "proxied/app:1", 100_000);
    proxy = FaultProxy.start(registry.port());
  }

  @AfterEach
  void reset() {
    proxy.clearFaults();
    proxy.clearRequests();
  }

  @Test
  void noFault_forwardsTheAnswerAndRecordsTheRequest() throws Exception {
    HttpResponse<byte[]> response = get(layerPath(), Map.of("User-Agent", "berth-test"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(image.layerBytes());
    assertThat(proxy.requests())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.method()).isEqualTo("GET");
              assertThat(r.path()).isEqualTo(layerPath());
              assertThat(r.header("user-agent")).hasValue("berth-test");
              assertThat(r.header("RANGE")).isEmpty();
            });
  }

  @Test
  void dropBodyAfter_once_breaksOneDownloadAfterThatManyBytesAndARangeRequestResumes()
      throws Exception {
    int cut = 4096;
    proxy.inject(pathContains("/blobs/"), new Fault.DropBodyAfter(cut), 1);
    byte[] received = new byte[image.layerBytes().length];

    HttpResponse<InputStream> broken =
        http.send(
            request(layerPath(), Map.of()).build(), HttpResponse.BodyHandlers.ofInputStream());
    int count = 0;
    try (InputStream body = broken.body()) {
      for (int n; (n = body.read(received, count, received.length - count)) > 0; ) {
        count += n;
      }
      throw new AssertionError("the body ended cleanly after " + count + " bytes");
    } catch (IOException expected) {
      assertThat(count).isEqualTo(cut);
    }
    HttpResponse<byte[]> resumed = get(layerPath(), Map.of("Range", "bytes=" + cut + "-"));

    assertThat(broken.statusCode()).isEqualTo(200);
    assertThat(resumed.statusCode()).isEqualTo(206);
    assertThat(resumed.body())
        .isEqualTo(Arrays.copyOfRange(image.layerBytes(), cut, image.layerBytes().length));
    assertThat(proxy.requests()).hasSize(2);
    assertThat(proxy.requests().get(0).header("Range")).isEmpty();
    assertThat(proxy.requests().get(1).header("Range")).hasValue("bytes=" + cut + "-");
  }

  @Test
  void status_twice_answersTwiceThenForwards() throws Exception {
    proxy.inject(pathContains("/manifests/"), new Fault.Status(503, Map.of("Retry-After", "1")), 2);
    String manifest = "/v2/proxied/app/manifests/1";
    Map<String, String> accept = Map.of("Accept", MediaTypes.OCI_MANIFEST);

    HttpResponse<byte[]> first = get(manifest, accept);
    HttpResponse<byte[]> second = get(manifest, accept);
    HttpResponse<byte[]> third = get(manifest, accept);

    assertThat(first.statusCode()).isEqualTo(503);
    assertThat(first.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(second.statusCode()).isEqualTo(503);
    assertThat(third.statusCode()).isEqualTo(200);
    assertThat(third.body()).isEqualTo(image.manifest());
  }

  @Test
  void serve_answersTheGivenBytesWithoutAskingUpstream() throws Exception {
    byte[] stored = {1, 2, 3};
    proxy.inject(pathContains("/storage/"), new Fault.Serve(stored), 1);

    HttpResponse<byte[]> response = get("/storage/blob?X-Signature=s", Map.of());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(stored);
    assertThat(proxy.requests().getFirst().path()).isEqualTo("/storage/blob?X-Signature=s");
  }

  @Test
  void setResponseHeader_replacesTheUpstreamValue() throws Exception {
    proxy.inject(
        FaultProxy.method("GET"), new Fault.SetResponseHeader("Docker-Content-Digest", "x"), 1);

    HttpResponse<byte[]> response = get(layerPath(), Map.of());

    assertThat(response.headers().allValues("Docker-Content-Digest")).containsExactly("x");
  }

  @Test
  void close_whileABodyStalls_hangsUpAndReturnsPromptly() throws Exception {
    FaultProxy stalling = FaultProxy.start(registry.port());
    stalling.inject(pathContains("/blobs/"), new Fault.StallBody(), 1);
    HttpResponse<InputStream> response =
        http.send(
            HttpRequest.newBuilder(stalling.baseUrl().resolve(layerPath()))
                .timeout(TIMEOUT)
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    assertThat(response.body().read()).isNotNegative();
    long start = System.nanoTime();

    stalling.close();

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThatThrownBy(() -> response.body().readAllBytes()).isInstanceOf(IOException.class);
  }

  private static String layerPath() {
    return "/v2/proxied/app/blobs/" + image.layer().digest();
  }

  private static HttpRequest.Builder request(String path, Map<String, String> headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(proxy.baseUrl() + path)).timeout(TIMEOUT);
    headers.forEach(request::header);
    return request;
  }

  private HttpResponse<byte[]> get(String path, Map<String, String> headers) throws Exception {
    return http.send(request(path, headers).build(), HttpResponse.BodyHandlers.ofByteArray());
  }
}
