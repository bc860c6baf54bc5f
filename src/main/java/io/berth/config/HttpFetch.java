package io.berth.config;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One HTTP exchange under a deadline that covers the body too (the JDK client's own timeout stops
 * at the headers), with the body capped. Each exchange has its own client, shut down when it ends:
 * configs are fetched minutes apart, and nothing is left running between fetches.
 */
final class HttpFetch {
  private HttpFetch() {}

  /**
   * @param status the status code
   * @param body the body of a 200 answer; empty for any other
   */
  record Answer(int status, HttpHeaders headers, byte[] body) {}

  static Answer send(HttpRequest request, FetchLimits limits, Duration deadline, String name)
      throws ConfigFetchException {
    HttpClient client =
        HttpClient.newBuilder()
            .connectTimeout(limits.connectTimeout())
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    CompletableFuture<HttpResponse<byte[]>> pending =
        client.sendAsync(request, CappedBody.handler(limits.maxBytes()));
    try {
      HttpResponse<byte[]> response = pending.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
      return new Answer(response.statusCode(), response.headers(), response.body());
    } catch (TimeoutException e) {
      throw noAnswer(request, deadline, name, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConfigFetchException(name, "interrupted", e);
    } catch (ExecutionException e) {
      Throwable cause =
          e.getCause() instanceof IOException io && io.getCause() != null
              ? io.getCause()
              : e.getCause();
      if (e.getCause() instanceof java.net.http.HttpTimeoutException timeout
          && !(timeout instanceof java.net.http.HttpConnectTimeoutException)) {
        throw noAnswer(request, deadline, name, timeout); // the request's own timeout won the race
      }
      if (cause instanceof CappedBody.TooLarge) {
        throw new ConfigFetchException(name, cause.getMessage(), cause);
      }
      throw new ConfigFetchException(
          name, "%s failed: %s".formatted(request.method(), describe(e.getCause())), e.getCause());
    } finally {
      pending.cancel(true);
      client.shutdownNow();
    }
  }

  private static ConfigFetchException noAnswer(
      HttpRequest request, Duration deadline, String name, Exception e) {
    return new ConfigFetchException(
        name,
        "%s got no whole answer within %s"
            .formatted(request.method(), io.berth.spec.Durations.format(deadline)),
        e);
  }

  private static String describe(Throwable error) {
    String message = error.getMessage();
    String kind = error.getClass().getSimpleName();
    return message == null || message.isBlank() ? kind : kind + ": " + message;
  }
}
