package io.berth.config;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.BodySubscribers;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body kept in memory up to a cap: past it the download is cancelled and the body fails
 * with {@link TooLarge}, so a config server cannot make the agent swallow gigabytes. The bodies of
 * answers other than 200 are dropped unread.
 */
final class CappedBody implements BodySubscriber<byte[]> {
  private final long max;
  private final long declared;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final CompletableFuture<byte[]> result = new CompletableFuture<>();
  private Flow.Subscription subscription;

  private CappedBody(long max, long declared) {
    this.max = max;
    this.declared = declared;
  }

  static HttpResponse.BodyHandler<byte[]> handler(long max) {
    return info ->
        info.statusCode() != 200
            ? BodySubscribers.replacing(new byte[0])
            : new CappedBody(max, info.headers().firstValueAsLong("Content-Length").orElse(-1));
  }

  @Override
  public CompletionStage<byte[]> getBody() {
    return result;
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    if (declared > max) {
      s.cancel();
      result.completeExceptionally(new TooLarge(max));
      return;
    }
    s.request(Long.MAX_VALUE);
  }

  @Override
  public void onNext(List<ByteBuffer> buffers) {
    if (result.isDone()) {
      return;
    }
    for (ByteBuffer buffer : buffers) {
      if (out.size() + (long) buffer.remaining() > max) {
        subscription.cancel();
        result.completeExceptionally(new TooLarge(max));
        return;
      }
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      out.write(bytes, 0, bytes.length);
    }
  }

  @Override
  public void onError(Throwable error) {
    result.completeExceptionally(error);
  }

  @Override
  public void onComplete() {
    result.complete(out.toByteArray());
  }

  /** The body went past the cap. */
  static final class TooLarge extends RuntimeException {
    TooLarge(long max) {
      super("larger than the %d bytes a config may have".formatted(max));
    }
  }
}
