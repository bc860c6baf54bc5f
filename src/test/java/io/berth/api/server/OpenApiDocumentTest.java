package io.berth.api.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.api.FakeBerth;
import io.berth.testing.TempDirectory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code /v1/openapi.json} and the route table cannot drift apart: every route is in the document
 * with its method, path and query parameters, everything in the document is routed by the server to
 * that very route, and every route has its description.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class OpenApiDocumentTest {
  private static final MetricsSource METRICS =
      accept -> new MetricsSource.Scrape("text/plain", "up 1\n".getBytes(StandardCharsets.UTF_8));

  private TempDirectory directory;
  private FakeBerth fake;
  private ApiServer server;
  private Path socket;
  private Routes routes;

  @BeforeEach
  void start() throws Exception {
    directory = TempDirectory.create("berth-openapi-");
    fake = new FakeBerth();
    server =
        ApiServer.builder(fake)
            .unixSocket(directory.resolve("berth.sock"))
            .metrics(METRICS)
            .start();
    socket = server.socket().orElseThrow();
    // the TCP listener's table: every route, the login included
    routes =
        ApiServer.Builder.routes(
            fake,
            METRICS,
            Duration.ofSeconds(15),
            (user, password, remote) -> new LoginService.Login.Denied());
  }

  @AfterEach
  void stop() {
    server.close();
    directory.close();
  }

  @Test
  void document_isServedAsOpenApi3() {
    RawHttp.Response response = RawHttp.request(socket, "GET", "/v1/openapi.json", null);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.header("content-type")).startsWith(OpenApiRoutes.MEDIA_TYPE);
    assertThat(response.json().path("openapi").asText()).startsWith("3.");
    assertThat(response.json().path("info").path("title").asText()).isEqualTo("berth API");
  }

  @Test
  void document_andRouteTable_holdTheSameMethodsAndPaths() {
    JsonNode paths = document().path("paths");
    Set<String> documented = new TreeSet<>();
    paths
        .properties()
        .forEach(
            path ->
                path.getValue()
                    .fieldNames()
                    .forEachRemaining(
                        method -> documented.add(method.toUpperCase() + " " + path.getKey())));
    // the socket serves every route but the login, and documents what it serves
    Set<String> served = new TreeSet<>();
    for (Routes.Route route :
        ApiServer.Builder.routes(fake, METRICS, Duration.ofSeconds(15)).all()) {
      served.add(route.method() + " " + OpenApiDocument.path(route.pattern().text()));
    }
    Set<String> routed = new TreeSet<>();
    for (Routes.Route route : routes.all()) {
      routed.add(route.method() + " " + OpenApiDocument.path(route.pattern().text()));
    }

    assertThat(documented).isEqualTo(served);
    assertThat(ApiDescription.described()).isEqualTo(routed);
  }

  @Test
  void document_namesEachRoutesQueryParameters() {
    JsonNode paths = document().path("paths");
    for (Routes.Route route : routes.all()) {
      JsonNode operation =
          paths
              .path(OpenApiDocument.path(route.pattern().text()))
              .path(route.method().toLowerCase());
      Set<String> query = new TreeSet<>();
      Set<String> repeatable = new TreeSet<>();
      for (JsonNode parameter : operation.path("parameters")) {
        if (parameter.path("in").asText().equals("query")) {
          query.add(parameter.path("name").asText());
          if (parameter.path("schema").path("type").asText().equals("array")) {
            repeatable.add(parameter.path("name").asText());
          }
        }
      }
      Map<String, Boolean> expected = route.parameters();
      assertThat(query).as(route.toString()).isEqualTo(expected.keySet());
      assertThat(repeatable)
          .as(route.toString())
          .isEqualTo(
              new TreeSet<>(
                  expected.entrySet().stream()
                      .filter(Map.Entry::getValue)
                      .map(Map.Entry::getKey)
                      .toList()));
    }
  }

  @Test
  void everyDocumentedOperation_isRoutedToItsRoute() {
    JsonNode paths = document().path("paths");
    for (Map.Entry<String, JsonNode> path : paths.properties()) {
      for (Iterator<String> methods = path.getValue().fieldNames(); methods.hasNext(); ) {
        String method = methods.next().toUpperCase();
        List<String> segments = new ArrayList<>();
        for (String segment : path.getKey().substring(1).split("/")) {
          if (segment.startsWith("{")) {
            segments.add("some-" + segment.substring(1, segment.length() - 1));
          } else {
            segments.add(segment);
          }
        }

        Routes.Match match = routes.match(method, segments);

        assertThat(match).as(method + " " + path.getKey()).isInstanceOf(Routes.Match.Found.class);
        Routes.Route route = ((Routes.Match.Found) match).route();
        assertThat(route.method() + " " + OpenApiDocument.path(route.pattern().text()))
            .isEqualTo(method + " " + path.getKey());
      }
    }
  }

  @Test
  void everyRef_resolves_andErrorsAreProblemDocuments() {
    JsonNode document = document();
    JsonNode schemas = document.path("components").path("schemas");
    List<String> refs = new ArrayList<>();
    collectRefs(document, refs);

    assertThat(refs).isNotEmpty();
    for (String ref : refs) {
      assertThat(ref).startsWith("#/components/schemas/");
      assertThat(schemas.has(ref.substring("#/components/schemas/".length()))).as(ref).isTrue();
    }
    document
        .path("paths")
        .forEach(
            item ->
                item.forEach(
                    operation ->
                        assertThat(
                                operation
                                    .path("responses")
                                    .path("default")
                                    .path("content")
                                    .has("application/problem+json"))
                            .isTrue()));
    // a real problem document has the fields the schema describes
    RawHttp.Response problem = RawHttp.request(socket, "GET", "/v1/containers/nosuch", null);
    assertThat(problem.header("content-type")).startsWith("application/problem+json");
    Set<String> fields = new TreeSet<>();
    problem.json().fieldNames().forEachRemaining(fields::add);
    Set<String> described = new TreeSet<>();
    schemas.path("Problem").path("properties").fieldNames().forEachRemaining(described::add);
    assertThat(fields).isEqualTo(described);
  }

  @Test
  void createsUpload_isDescribedAsMultipart_withItsParts() {
    JsonNode form =
        document()
            .path("paths")
            .path("/v1/containers")
            .path("post")
            .path("requestBody")
            .path("content")
            .path("multipart/form-data");

    List<String> parts = new ArrayList<>();
    form.path("schema").path("properties").fieldNames().forEachRemaining(parts::add);
    assertThat(parts).containsExactly("container", "script", "data");
    assertThat(form.path("schema").path("properties").path("data").path("format").asText())
        .isEqualTo("binary");
    assertThat(form.path("encoding").path("container").path("contentType").asText())
        .isEqualTo("application/json");
  }

  private JsonNode document() {
    return RawHttp.request(socket, "GET", "/v1/openapi.json", null).json();
  }

  private static void collectRefs(JsonNode node, List<String> refs) {
    if (node.has("$ref")) {
      refs.add(node.get("$ref").asText());
    }
    node.forEach(child -> collectRefs(child, refs));
  }
}
