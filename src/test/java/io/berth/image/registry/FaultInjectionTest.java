package io.berth.image.registry;

import static io.berth.testing.FaultProxy.method;
import static io.berth.testing.FaultProxy.pathContains;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.image.registry.RegistryException.Reason;
import io.berth.spec.ImageRef;
import io.berth.testing.FaultProxy;
import io.berth.testing.FaultProxy.Fault;
import io.berth.testing.FreePort;
import io.berth.testing.RandomImage;
import io.berth.testing.TestImages;
import io.berth.testing.TestRegistry;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A fault-injecting proxy in front of a real registry (with Basic auth): the client retries what
 * may pass, honours Retry-After, gives up after bounded attempts with a clear message, and keeps
 * its Authorization header away from redirect targets.
 */
@Tag("registry")
@Timeout(60)
class FaultInjectionTest {
  @AutoClose static TestRegistry registry;
  static Credentials login;
  @AutoClose static FaultProxy proxy;

  /** Blob storage on another port, where a redirect leads: it serves what it is told to. */
  @AutoClose static FaultProxy storage;

  static RandomImage app;
  RegistryClient client;

  @BeforeAll
  static void start() {
    registry = TestRegistry.builder().basicAuth().start();
    login = BasicAuthTest.login(registry);
    app = TestImages.randomLayer(registry, "faults/app:1", 5000);
    proxy = FaultProxy.start(registry.port());
    storage = FaultProxy.start(registry.port());
  }

  @BeforeEach
  void newClient() {
    client = RegistryClient.create(config(4, Duration.ofSeconds(2)));
  }

  @AfterEach
  void closeClient() {
    client.close();
    proxy.clearFaults();
    proxy.clearRequests();
    storage.clearFaults();
    storage.clearRequests();
  }

  static RegistryConfig config(int attempts, Duration maxRetryAfter) {
    return RegistryConfig.defaults()
        .withHost(HostConfig.of(proxy.host()).withTlsVerify(false).withCredentials(login))
        .withRetry(
            new RetryPolicy(
                attempts,
                Duration.ofMillis(10),
                Duration.ofMillis(40),
                Duration.ofSeconds(20),
                maxRetryAfter))
        .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5));
  }

  static ImageRef ref(String text) {
    return ImageRef.parse(proxy.host() + "/" + text);
  }

  long manifestRequests() {
    return proxy.requests().stream().filter(r -> r.path().contains("/manifests/")).count();
  }

  @Test
  void fetchManifest_503Twice_succeedsOnTheThirdAttempt() throws Exception {
    client.fetchManifest(ref("faults/app:1")); // learn the auth scheme first
    proxy.clearRequests();
    proxy.inject(pathContains("/manifests/"), new Fault.Status(503, Map.of()), 2);

    ManifestResponse response = client.fetchManifest(ref("faults/app:1"));

    assertThat(response.digest()).isEqualTo(app.digest());
    assertThat(manifestRequests()).isEqualTo(3);
  }

  @Test
  void fetchManifest_503Always_failsAfterBoundedAttemptsWithAClearMessage() {
    proxy.inject(pathContains("/manifests/"), new Fault.Status(503, Map.of()), 100);

    assertThatThrownBy(() -> client.fetchManifest(ref("faults/app:1")))
        .isInstanceOf(RegistryException.class)
        .hasMessageStartingWith(
            "%s answered 503 to manifest %s".formatted(proxy.host(), ref("faults/app:1")))
        .hasMessageContaining("gave up after 4 attempts")
        .extracting(e -> ((RegistryException) e).reason())
        .isEqualTo(Reason.UNAVAILABLE);
    assertThat(manifestRequests()).isEqualTo(4);
  }

  @Test
  void fetchManifest_429WithRetryAfter_waitsAsAskedThenSucceeds() throws Exception {
    proxy.inject(pathContains("/manifests/"), new Fault.Status(429, Map.of("Retry-After", "1")), 1);

    long start = System.nanoTime();
    ManifestResponse response = client.fetchManifest(ref("faults/app:1"));
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(response.digest()).isEqualTo(app.digest());
    assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(950));
  }

  @Test
  void fetchManifest_retryAfterLongerThanTheCap_waitsOnlyTheCap() throws Exception {
    try (RegistryClient capped = RegistryClient.create(config(3, Duration.ofMillis(200)))) {
      proxy.inject(
          pathContains("/manifests/"), new Fault.Status(429, Map.of("Retry-After", "3600")), 1);

      long start = System.nanoTime();
      capped.fetchManifest(ref("faults/app:1"));

      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
  }

  @Test
  void fetchManifest_429Always_failsAsTooManyRequests() {
    proxy.inject(pathContains("/manifests/"), new Fault.Status(429, Map.of()), 100);

    assertThatThrownBy(() -> client.fetchManifest(ref("faults/app:1")))
        .isInstanceOf(RegistryException.class)
        .hasMessageStartingWith("too many requests: %s answered 429", proxy.host())
        .extracting(e -> ((RegistryException) e).reason())
        .isEqualTo(Reason.TOO_MANY_REQUESTS);
  }

  @Test
  void fetchManifest_connectionDroppedMidHeaders_retriesAndSucceeds() throws Exception {
    proxy.inject(pathContains("/manifests/"), new Fault.DropMidHeaders(), 2);

    ManifestResponse response = client.fetchManifest(ref("faults/app:1"));

    assertThat(response.digest()).isEqualTo(app.digest());
  }

  @Test
  void fetchManifest_connectionAlwaysDropped_failsNamingTheBrokenConnection() {
    proxy.inject(pathContains("/manifests/"), new Fault.DropMidHeaders(), 100);

    assertThatThrownBy(() -> client.fetchManifest(ref("faults/app:1")))
        .isInstanceOf(RegistryException.class)
        .hasMessageContaining("connection to " + proxy.host() + " broke")
        .hasMessageContaining("gave up after 4 attempts");
  }

  @Test
  void fetchManifest_notFound_isNotRetried() {
    assertThatThrownBy(() -> client.fetchManifest(ref("faults/app:missing")))
        .isInstanceOf(RegistryException.class)
        .hasMessageStartingWith("manifest unknown");
    // One anonymous try answered 401, one with credentials answered 404: no retries.
    assertThat(proxy.requests().stream().filter(r -> r.path().endsWith("/manifests/missing")))
        .hasSize(2);
  }

  @Test
  void openBlob_redirectedToAnotherHost_followsWithoutSendingAuthorizationThere() throws Exception {
    client.fetchManifest(ref("faults/app:1")); // learn the auth scheme, so the blob GET carries it
    storage.inject(pathContains("/storage/layer"), new Fault.Serve(app.layerBytes()), 10);
    String location = storage.baseUrl() + "/storage/layer?X-Signature=s3cr3t";
    proxy.inject(pathContains("/blobs/"), new Fault.Redirect(location), 1);

    byte[] bytes;
    try (BlobStream stream = client.openBlob(ref("faults/app"), app.layer(), 0)) {
      bytes = stream.body().readAllBytes();
    }

    assertThat(bytes).isEqualTo(app.layerBytes());
    assertThat(storage.requests())
        .isNotEmpty()
        .allSatisfy(r -> assertThat(r.header("Authorization")).isEmpty());
    assertThat(proxy.requests().stream().filter(r -> r.path().contains("/blobs/")))
        .anyMatch(r -> r.headers().containsKey("authorization"));
  }

  @Test
  void headManifest_registrySendsNoDigestHeader_fallsBackToGet() throws Exception {
    proxy.inject(method("HEAD"), new Fault.StripResponseHeader("Docker-Content-Digest"), 5);

    assertThat(client.headManifest(ref("faults/app:1"))).isEqualTo(app.digest());
    assertThat(proxy.requests()).anyMatch(r -> r.method().equals("GET"));
  }

  @Test
  void fetchManifest_bodyStallsOnce_timesOutAndRetries() throws Exception {
    // The first answer is the 401 that asks for credentials: its body stalls as well.
    proxy.inject(pathContains("/manifests/"), new Fault.StallBody(), 2);
    try (RegistryClient impatient =
        RegistryClient.create(
            config(3, Duration.ofSeconds(1))
                .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(500)))) {
      long start = System.nanoTime();

      assertThat(impatient.fetchManifest(ref("faults/app:1")).digest()).isEqualTo(app.digest());
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
  }

  @Test
  void openBlob_bodyStalls_readFailsAfterTheIdleLimit() throws Exception {
    try (RegistryClient impatient =
        RegistryClient.create(
            config(3, Duration.ofSeconds(1))
                .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(500)))) {
      impatient.fetchManifest(ref("faults/app:1")); // learn the auth scheme first
      proxy.inject(pathContains("/blobs/"), new Fault.StallBody(), 1);
      BlobStream stream = impatient.openBlob(ref("faults/app"), app.layer(), 0);
      long start = System.nanoTime();

      assertThatThrownBy(() -> stream.body().readAllBytes())
          .isInstanceOf(java.net.SocketTimeoutException.class)
          .hasMessage(
              "no bytes of blob %s of %s/faults/app arrived for 0.5 s",
              app.layer().digest(), proxy.host());
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
      stream.close();
    }
  }

  @Test
  void fetchManifest_digestHeaderDisagreesWithTheBytes_failsAsInvalidContent() {
    String wrong = "sha256:" + "0".repeat(64);
    proxy.inject(
        pathContains("/manifests/"),
        new Fault.SetResponseHeader("Docker-Content-Digest", wrong),
        5);

    assertThatThrownBy(() -> client.fetchManifest(ref("faults/app:1")))
        .isInstanceOf(RegistryException.class)
        .hasMessageContaining("does not match the registry's Docker-Content-Digest " + wrong)
        .hasMessageContaining("its bytes hash to " + app.digest())
        .extracting(e -> ((RegistryException) e).reason())
        .isEqualTo(Reason.INVALID_CONTENT);
  }

  @Test
  void headManifest_pinnedDigestDiffersFromTheRegistrys_fails() {
    String other = "sha256:" + "1".repeat(64);
    proxy.inject(method("HEAD"), new Fault.SetResponseHeader("Docker-Content-Digest", other), 5);

    assertThatThrownBy(() -> client.headManifest(ref("faults/app@" + app.digest())))
        .isInstanceOf(RegistryException.class)
        .hasMessageContaining("with digest " + other);
  }

  @Test
  void fetchManifest_registryDown_failsAsUnavailable() {
    int closedPort = FreePort.find();
    String authority = "127.0.0.1:" + closedPort;
    RegistryConfig config =
        config(2, Duration.ofSeconds(1)).withHost(HostConfig.of(authority).withTlsVerify(false));
    try (RegistryClient down = RegistryClient.create(config)) {
      assertThatThrownBy(() -> down.fetchManifest(ImageRef.parse(authority + "/x/y:1")))
          .isInstanceOf(RegistryException.class)
          .hasMessageStartingWith("cannot connect to " + authority)
          .hasMessageContaining("gave up after 2 attempts")
          .extracting(e -> ((RegistryException) e).reason())
          .isEqualTo(Reason.UNAVAILABLE);
    }
  }
}
