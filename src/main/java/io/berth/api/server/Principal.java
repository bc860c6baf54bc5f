package io.berth.api.server;

/**
 * Who sends a request, as an {@link Authenticator} proved it.
 *
 * @param name for logs and audit: {@code local root}, a token's subject
 */
public record Principal(String name) {
  /** Whoever reaches the Unix socket: only root can (the socket is 0600 root). */
  public static final Principal LOCAL_ROOT = new Principal("local root");

  public Principal {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a principal needs a name");
    }
  }
}
