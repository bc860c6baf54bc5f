package io.berth.api.server;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Thrown into a stream's callback (a {@link io.berth.api.LogSink}, a {@link
 * io.berth.api.PullProgress}) once the client has gone: the operation should stop and let it
 * propagate.
 */
final class ClientGoneException extends UncheckedIOException {
  ClientGoneException(IOException cause) {
    super("the client closed the connection", cause);
  }
}
