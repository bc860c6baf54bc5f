package io.berth.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.config.LoopbackHttp.Response;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class HttpSourceTest {
  private static final FetchLimits LIMITS =
      new FetchLimits(Duration.ofSeconds(2), Duration.ofSeconds(5), 1024);

  @Test
  void fetch_returnsTheBodyWhole_namedWithoutItsQuery() throws Exception {
    try (var http =
            LoopbackHttp.start(
                r -> Response.of(200, "services: {}\n", "Content-Type", "application/yaml"));
        ConfigSource source = ConfigSource.url(http.uri("/c/berth?sig=s3cr3t"), LIMITS)) {
      FetchedConfig fetched = source.fetch();

      assertThat(new String(fetched.content())).isEqualTo("services: {}\n");
      assertThat(fetched.name()).isEqualTo(http.uri("/c/berth").toString() + "?…");
      assertThat(source.name()).doesNotContain("s3cr3t");
      assertThat(fetched.format()).contains(ConfigFormat.YAML);
      assertThat(fetched.directory()).isEmpty();
      assertThat(http.requests().getFirst().query()).isEqualTo("sig=s3cr3t");
    }
  }

  @Test
  void format_fromContentTypeThenExtension() throws Exception {
    try (var http =
        LoopbackHttp.start(
            r ->
                r.path().endsWith("typed")
                    ? Response.of(200, "{}", "Content-Type", "application/json; charset=utf-8")
                    : Response.of(200, "{}", "Content-Type", "application/octet-stream"))) {
      assertThat(ConfigSource.url(http.uri("/typed"), LIMITS).fetch().format())
          .contains(ConfigFormat.JSON);
      assertThat(ConfigSource.url(http.uri("/x.yml"), LIMITS).fetch().format())
          .contains(ConfigFormat.YAML);
      assertThat(ConfigSource.url(http.uri("/x"), LIMITS).fetch().format()).isEmpty();
    }
  }

  @Test
  void fetchIfChanged_withETag_asksConditionally() throws Exception {
    AtomicReference<String> body = new AtomicReference<>("a: 1\n");
    try (var http =
            LoopbackHttp.start(
                r -> {
                  String etag = "\"" + body.get().hashCode() + "\"";
                  return etag.equals(r.header("If-None-Match"))
                      ? Response.of(304, "")
                      : Response.of(200, body.get(), "ETag", etag);
                });
        ConfigSource source = ConfigSource.url(http.uri("/berth.yaml"), LIMITS)) {
      assertThat(source.fetchIfChanged()).isPresent();
      assertThat(source.fetchIfChanged()).isEmpty();
      body.set("a: 2\n");
      assertThat(source.fetchIfChanged().map(f -> new String(f.content()))).contains("a: 2\n");
      assertThat(source.fetch().content()).isEqualTo("a: 2\n".getBytes());

      assertThat(http.requests())
          .extracting(r -> r.header("If-None-Match"))
          .containsExactly(
              null, "\"" + "a: 1\n".hashCode() + "\"", "\"" + "a: 1\n".hashCode() + "\"", null);
    }
  }

  @Test
  void fetchIfChanged_withLastModified_andWithoutValidators() throws Exception {
    String date = "Wed, 21 Oct 2026 07:28:00 GMT";
    try (var http =
            LoopbackHttp.start(
                r ->
                    r.path().equals("/dated")
                        ? date.equals(r.header("If-Modified-Since"))
                            ? Response.of(304, "")
                            : Response.of(200, "a: 1\n", "Last-Modified", date)
                        : Response.of(200, "a: 1\n"));
        ConfigSource dated = ConfigSource.url(http.uri("/dated"), LIMITS);
        ConfigSource plain = ConfigSource.url(http.uri("/plain"), LIMITS)) {
      assertThat(dated.fetchIfChanged()).isPresent();
      assertThat(dated.fetchIfChanged()).isEmpty();
      assertThat(plain.fetchIfChanged()).isPresent();
      assertThat(plain.fetchIfChanged()).as("the same bytes count as unchanged").isEmpty();
    }
  }

  @Test
  void fetch_failsOnAnErrorStatus() throws Exception {
    try (var http = LoopbackHttp.start(r -> Response.of(404, "no such config"))) {
      URI url = http.uri("/missing.yaml");
      assertThatThrownBy(() -> ConfigSource.url(url, LIMITS).fetch())
          .isInstanceOf(ConfigFetchException.class)
          .hasMessage(url + ": GET answered HTTP 404");
    }
  }

  @Test
  void fetch_failsPastTheSizeCap_declaredOrChunked() throws Exception {
    String big = "x".repeat(2000);
    try (var http =
        LoopbackHttp.start(
            r ->
                r.path().equals("/chunked")
                    ? Response.of(200, big).inChunks()
                    : Response.of(200, big))) {
      for (String path : new String[] {"/declared", "/chunked"}) {
        assertThatThrownBy(() -> ConfigSource.url(http.uri(path), LIMITS).fetch())
            .isInstanceOf(ConfigFetchException.class)
            .hasMessageEndingWith(": larger than the 1024 bytes a config may have");
      }
    }
  }

  @Test
  void fetch_failsWhenTheServerDoesNotAnswer_withinTheDeadline() throws Exception {
    FetchLimits quick = new FetchLimits(Duration.ofSeconds(1), Duration.ofMillis(300), 1024);
    try (var slow = LoopbackHttp.start(r -> Response.HANG)) {
      long start = System.nanoTime();
      assertThatThrownBy(() -> ConfigSource.url(slow.uri("/"), quick).fetch())
          .isInstanceOf(ConfigFetchException.class)
          .hasMessageContaining("GET got no whole answer within 300ms");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
  }

  @Test
  void fetch_failsWhenNothingListens() throws Exception {
    URI url;
    try (var http = LoopbackHttp.start(r -> Response.of(200, ""))) {
      url = http.uri("/gone");
    }
    URI closed = url;
    assertThatThrownBy(() -> ConfigSource.url(closed, LIMITS).fetch())
        .isInstanceOf(ConfigFetchException.class)
        .hasMessageStartingWith(closed + ": GET failed: ");
  }

  @Test
  void url_refusesOtherSchemes() {
    assertThatThrownBy(() -> ConfigSource.at("s3://bucket/berth.yaml", LIMITS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expected a path or an http(s) URL, not a s3: URL");
    assertThat(ConfigSource.at("https://h.example/b.yaml", LIMITS).name())
        .isEqualTo("https://h.example/b.yaml");
    assertThat(ConfigSource.at("https://user:pw@h.example/b.yaml", LIMITS).name())
        .isEqualTo("https://…@h.example/b.yaml");
    assertThat(ConfigSource.at("file:/etc/berth/berth.yaml", LIMITS).name())
        .isEqualTo("/etc/berth/berth.yaml");
    assertThat(ConfigSource.at("berth.yaml", LIMITS).name()).isEqualTo("berth.yaml");
    assertThat(Optional.of(ConfigSource.at("./a:b.yaml", LIMITS).name())).contains("./a:b.yaml");
  }
}
