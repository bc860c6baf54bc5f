package io.berth.agent;

import io.berth.api.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * Fetches what a create request names by URL (a script, a data archive), with a size cap and a time
 * limit: a URL that does not answer, answers with an error or sends too much is the caller's
 * problem, said in words it can act on.
 */
final class UrlFetcher {
  static final long MAX_DOWNLOAD_BYTES = 64L << 20;

  private final Duration timeout;

  UrlFetcher(Duration timeout) {
    this.timeout = timeout;
  }

  byte[] fetch(String what, String url, long maxBytes) throws IOException {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("the %s URL '%s' is not a URL".formatted(what, url));
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      throw ApiException.badRequest("the %s URL '%s' must be http or https".formatted(what, url));
    }
    try (HttpClient client =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build()) {
      HttpResponse<InputStream> response =
          client.send(
              HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
              HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream body = response.body()) {
        if (response.statusCode() != 200) {
          throw new ApiException(
              ApiException.Kind.UPSTREAM,
              "the %s URL %s answered %d, not 200".formatted(what, url, response.statusCode()));
        }
        byte[] bytes = body.readNBytes((int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 8));
        if (bytes.length > maxBytes) {
          throw ApiException.badRequest(
              "the %s at %s is more than %d bytes, its limit".formatted(what, url, maxBytes));
        }
        return bytes;
      }
    } catch (HttpTimeoutException e) {
      throw new ApiException(
          ApiException.Kind.UPSTREAM,
          "the %s URL %s did not answer within %d s".formatted(what, url, timeout.toSeconds()));
    } catch (IOException e) {
      throw new ApiException(
          ApiException.Kind.UPSTREAM,
          "the %s URL %s could not be fetched: %s"
              .formatted(what, url, e.getMessage() == null ? e.getClass().getSimpleName() : e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(
          ApiException.Kind.UNAVAILABLE, "interrupted while fetching the %s".formatted(what));
    }
  }
}
