package io.berth.agent;

import io.berth.api.ApiException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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

  byte[] fetch(String what, String url, long maxBytes) {
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
      // one deadline for the whole transfer: a server that sends headers and then stalls, or
      // trickles, is cut off as surely as one that never answers
      HttpResponse<byte[]> response =
          client
              .sendAsync(
                  HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
                  HttpResponse.BodyHandlers.limiting(
                      HttpResponse.BodyHandlers.ofByteArray(), maxBytes))
              .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (response.statusCode() != 200) {
        throw new ApiException(
            ApiException.Kind.UPSTREAM,
            "the %s URL %s answered %d, not 200".formatted(what, url, response.statusCode()));
      }
      return response.body();
    } catch (TimeoutException e) {
      throw new ApiException(
          ApiException.Kind.UPSTREAM,
          "the %s URL %s did not answer within %d s".formatted(what, url, timeout.toSeconds()));
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof HttpTimeoutException) {
        throw new ApiException(
            ApiException.Kind.UPSTREAM,
            "the %s URL %s did not answer within %d s".formatted(what, url, timeout.toSeconds()));
      }
      if (cause instanceof IOException && String.valueOf(cause.getMessage()).contains("exceed")) {
        throw ApiException.badRequest(
            "the %s at %s is more than %d bytes, its limit".formatted(what, url, maxBytes));
      }
      throw new ApiException(
          ApiException.Kind.UPSTREAM,
          "the %s URL %s could not be fetched: %s"
              .formatted(
                  what,
                  url,
                  cause == null || cause.getMessage() == null
                      ? String.valueOf(cause)
                      : cause.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(
          ApiException.Kind.UNAVAILABLE, "interrupted while fetching the %s".formatted(what));
    }
  }
}
