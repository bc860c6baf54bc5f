package io.berth.agent;

import io.berth.api.ApiException;
import io.berth.api.ApiException.Kind;
import io.berth.image.AmbiguousImageException;
import io.berth.image.ImageInUseException;
import io.berth.image.ImageNotFoundException;
import io.berth.image.LayerPullException;
import io.berth.image.content.BlobMismatchException;
import io.berth.image.registry.RegistryException;
import io.berth.image.unpack.LayerRejectedException;
import io.berth.spec.ImageRef;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;

/** Turns what the lower layers throw into API errors with the right kind and a clear message. */
final class Failures {
  private Failures() {}

  static ImageRef parseReference(String reference) {
    try {
      return ImageRef.parse(reference);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
  }

  static ApiException translate(String action, Throwable e) {
    if (e instanceof ApiException api) {
      return api;
    }
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    Kind kind =
        switch (e) {
          case ImageNotFoundException x -> Kind.NOT_FOUND;
          case AmbiguousImageException x -> Kind.BAD_REQUEST;
          case ImageInUseException x -> Kind.CONFLICT;
          case io.berth.runtime.NameInUseException x -> Kind.CONFLICT;
          case io.berth.runtime.ContainerException c ->
              switch (c.kind()) {
                case NOT_FOUND -> Kind.NOT_FOUND;
                case CONFLICT -> Kind.CONFLICT;
                case INVALID -> Kind.BAD_REQUEST;
                case COMMAND_NOT_FOUND -> Kind.COMMAND_NOT_FOUND;
                case COMMAND_NOT_EXECUTABLE -> Kind.COMMAND_NOT_EXECUTABLE;
                case NOT_SUPERVISED -> Kind.UNAVAILABLE;
              };
          case io.berth.runtime.RuncException x -> Kind.INTERNAL;
          case RegistryException r ->
              switch (r.reason()) {
                case NOT_FOUND -> Kind.NOT_FOUND;
                case UNAUTHORIZED, DENIED -> Kind.UNAUTHORIZED;
                case NO_MATCHING_PLATFORM -> Kind.NOT_FOUND;
                default -> Kind.UPSTREAM;
              };
          case LayerRejectedException x -> Kind.UPSTREAM;
          case BlobMismatchException x -> Kind.UPSTREAM;
          case LayerPullException x -> Kind.UPSTREAM;
          case ConnectException x -> Kind.UPSTREAM;
          case SocketTimeoutException x -> Kind.UPSTREAM;
          case IllegalArgumentException x -> Kind.BAD_REQUEST;
          case IOException x -> Kind.INTERNAL;
          default -> Kind.INTERNAL;
        };
    return new ApiException(kind, action + ": " + message, e);
  }
}
