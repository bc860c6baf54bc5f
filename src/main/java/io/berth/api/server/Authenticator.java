package io.berth.api.server;

import io.berth.api.ApiException;

/**
 * Decides who sends a request before any route sees it. Each listener of an {@link ApiServer} has
 * one: the Unix socket answers "local root" (the file's mode already admits only root); a TCP
 * listener checks a bearer token or a client certificate, so authentication is added there without
 * touching a route.
 */
@FunctionalInterface
public interface Authenticator {

  /**
   * Returns who sent the request.
   *
   * @throws ApiException of kind {@code UNAUTHORIZED} when the caller proves no one
   */
  Principal authenticate(Caller caller);

  /** For the Unix socket: everyone who can connect is root. */
  static Authenticator localRoot() {
    return caller -> Principal.LOCAL_ROOT;
  }
}
