package io.berth.image.registry;

import io.berth.image.oci.Descriptor;
import io.berth.spec.Digest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import javax.net.ssl.SSLContext;

/**
 * Pushes test content with the registry's upload API: {@code POST /v2/NAME/blobs/uploads/}, then
 * {@code PUT <location>?digest=...} with the bytes; {@code PUT /v2/NAME/manifests/REF}.
 */
final class TestPush implements AutoCloseable {
  private final URI base;
  private final Function<String, Optional<String>> authorization;
  private final HttpClient http;

  /**
   * @param authorization the Authorization header for pushing to a repository, if one is needed
   */
  TestPush(URI base, Function<String, Optional<String>> authorization, SSLContext tls) {
    this.base = base;
    this.authorization = authorization;
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5));
    if (tls != null) {
      builder.sslContext(tls);
    }
    this.http = builder.build();
  }

  static TestPush anonymous(URI base) {
    return new TestPush(base, repo -> Optional.empty(), null);
  }

  Descriptor blob(String repo, byte[] content, String mediaType)
      throws IOException, InterruptedException {
    Digest digest = Digest.sha256(content);
    HttpResponse<String> started =
        send(repo, request(base.resolve("/v2/" + repo + "/blobs/uploads/")).POST(none()));
    expect(started, 202);
    URI location = base.resolve(started.headers().firstValue("Location").orElseThrow());
    String separator = location.getRawQuery() == null ? "?" : "&";
    URI put = URI.create(location + separator + "digest=" + digest);
    HttpResponse<String> done =
        send(
            repo,
            request(put)
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content)));
    expect(done, 201);
    return Descriptor.of(mediaType, digest, content.length);
  }

  Digest manifest(String repo, String reference, byte[] raw, String mediaType)
      throws IOException, InterruptedException {
    HttpResponse<String> done =
        send(
            repo,
            request(base.resolve("/v2/" + repo + "/manifests/" + reference))
                .header("Content-Type", mediaType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(raw)));
    expect(done, 201);
    return Digest.sha256(raw);
  }

  private HttpRequest.Builder request(URI uri) {
    return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
  }

  private HttpResponse<String> send(String repo, HttpRequest.Builder request)
      throws IOException, InterruptedException {
    authorization.apply(repo).ifPresent(value -> request.header("Authorization", value));
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest.BodyPublisher none() {
    return HttpRequest.BodyPublishers.noBody();
  }

  private static void expect(HttpResponse<String> response, int status) throws IOException {
    if (response.statusCode() != status) {
      throw new IOException(
          "push: %s %s answered %d: %s"
              .formatted(
                  response.request().method(),
                  response.request().uri(),
                  response.statusCode(),
                  response.body()));
    }
  }

  @Override
  public void close() {
    http.close();
  }
}
