package io.berth.api.server;

/**
 * Who sends a request, as an {@link Authenticator} proved it, and what it may do.
 *
 * @param name for logs and audit: {@code local root}, a token's subject
 * @param role what the principal may ask
 */
public record Principal(String name, Role role) {
  /** Whoever reaches the Unix socket: only root can (the socket is 0600 root). */
  public static final Principal LOCAL_ROOT = new Principal("local root", Role.ADMIN);

  /** A caller who has not proved anything yet: it may only log in. */
  public static final Principal ANONYMOUS = new Principal("anonymous", Role.LOGIN);

  public Principal {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a principal needs a name");
    }
    if (role == null) {
      throw new IllegalArgumentException("a principal needs a role");
    }
  }

  public Principal(String name) {
    this(name, Role.ADMIN);
  }

  /** Whether this principal may send {@code method} to {@code path}. */
  public boolean allows(String method, String path) {
    return switch (role) {
      case ADMIN -> true;
      case READ -> method.equals("GET") || method.equals("HEAD");
      case HOOK -> method.equals("POST") && path.startsWith("/v1/hooks/");
      case LOGIN -> method.equals("POST") && path.equals(AuthRoutes.LOGIN);
    };
  }

  /** What a principal may do. */
  public enum Role {
    /** Everything. */
    ADMIN,
    /** Reads only. */
    READ,
    /** Only the webhooks a registry calls. */
    HOOK,
    /** Only logging in. */
    LOGIN
  }
}
